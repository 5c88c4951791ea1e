//! The compiled form of an access model: per role, bitsets over every (resource, action)
//! permission for unconditional allows and denies (inherited ones included), and the few
//! conditional or temporary grants on the side. A check is a handful of hash lookups and bit
//! tests, whatever the number of roles, users and grants.

use super::AccessError;
use super::schema::{AccessModelDocument, Actions, Effect, Grant};
use std::collections::HashMap;

/// A fixed-size set of small integers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BitSet(Vec<u64>);

impl BitSet {
    pub(crate) fn new(len: usize) -> Self {
        BitSet(vec![0; len.div_ceil(64)])
    }

    pub(crate) fn insert(&mut self, i: usize) {
        if let Some(word) = self.0.get_mut(i / 64) {
            *word |= 1 << (i % 64);
        }
    }

    pub(crate) fn contains(&self, i: usize) -> bool {
        self.0
            .get(i / 64)
            .is_some_and(|word| word & (1 << (i % 64)) != 0)
    }

    pub(crate) fn count(&self) -> u32 {
        self.0.iter().map(|word| word.count_ones()).sum()
    }

    pub(crate) fn union_with(&mut self, other: &BitSet) {
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a |= b;
        }
    }
}

/// Everything compiled from a document.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    pub role_index: HashMap<String, usize>,
    pub resource_index: HashMap<String, usize>,
    /// Per resource: action → permission id.
    pub action_index: Vec<HashMap<String, usize>>,
    /// Permission id → (resource index, action name).
    pub permissions: Vec<(usize, String)>,
    /// Per role: its parents' indices.
    pub parents: Vec<Vec<usize>>,
    /// Per role: unconditional allows (own and inherited).
    pub allow: Vec<BitSet>,
    /// Per role: unconditional denies (own and inherited).
    pub deny: Vec<BitSet>,
    /// Per role: permission → grants with a condition or an expiry (own and inherited).
    pub conditional: Vec<HashMap<usize, Vec<usize>>>,
    /// Per grant: the permissions it covers.
    pub grant_permissions: Vec<Vec<usize>>,
    /// Per role: its own unconditional grants (for finding the deciding grant).
    pub role_grants: Vec<Vec<usize>>,
    /// Per role: its parents and children (the role graph, undirected).
    pub neighbours: Vec<Vec<usize>>,
    /// Roles with every role after its parents.
    pub order: Vec<usize>,
    pub user_index: HashMap<String, usize>,
    /// Per user: role indices held everywhere.
    pub user_roles: Vec<Vec<usize>>,
    /// Per user: tenant → role indices held there only.
    pub user_tenant_roles: Vec<HashMap<String, Vec<usize>>>,
    pub tenants: Vec<String>,
}

impl Compiled {
    /// The permission id of (`resource`, `action`), if both exist.
    pub(crate) fn permission(&self, resource: &str, action: &str) -> Option<usize> {
        let r = *self.resource_index.get(resource)?;
        self.action_index.get(r)?.get(action).copied()
    }
}

fn unconditional(grant: &Grant) -> bool {
    grant.condition.is_none() && grant.expires_at.is_none()
}

pub(crate) fn compile(doc: &AccessModelDocument) -> Result<Compiled, AccessError> {
    let mut role_index = HashMap::with_capacity(doc.roles.len());
    for (i, role) in doc.roles.iter().enumerate() {
        if role_index.insert(role.id.clone(), i).is_some() {
            return Err(AccessError::Duplicate {
                path: format!("roles[{i}].id"),
                kind: "role",
                id: role.id.clone(),
            });
        }
    }
    let mut resource_index = HashMap::with_capacity(doc.resources.len());
    let mut action_index = Vec::with_capacity(doc.resources.len());
    let mut permissions = Vec::new();
    for (i, resource) in doc.resources.iter().enumerate() {
        if resource_index.insert(resource.id.clone(), i).is_some() {
            return Err(AccessError::Duplicate {
                path: format!("resources[{i}].id"),
                kind: "resource",
                id: resource.id.clone(),
            });
        }
        let mut actions = HashMap::with_capacity(resource.actions.len());
        for (j, action) in resource.actions.iter().enumerate() {
            if actions.insert(action.clone(), permissions.len()).is_some() {
                return Err(AccessError::Duplicate {
                    path: format!("resources[{i}].actions[{j}]"),
                    kind: "action",
                    id: action.clone(),
                });
            }
            permissions.push((i, action.clone()));
        }
        action_index.push(actions);
    }
    let role = |id: &str, path: String| {
        role_index
            .get(id)
            .copied()
            .ok_or_else(|| AccessError::Unknown {
                path,
                kind: "role",
                id: id.to_string(),
            })
    };
    let mut parents = Vec::with_capacity(doc.roles.len());
    for (i, r) in doc.roles.iter().enumerate() {
        let mut list = Vec::with_capacity(r.parents.len());
        for (j, parent) in r.parents.iter().enumerate() {
            list.push(role(parent, format!("roles[{i}].parents[{j}]"))?);
        }
        parents.push(list);
    }
    let order = topological_order(doc, &parents)?;

    let n_perm = permissions.len();
    let mut allow: Vec<BitSet> = (0..doc.roles.len()).map(|_| BitSet::new(n_perm)).collect();
    // Most models have no unconditional deny: then the deny sets stay empty (no memory, no
    // unions; an empty set contains nothing).
    let any_deny = doc
        .grants
        .iter()
        .any(|g| g.effect == Effect::Deny && unconditional(g));
    let deny_len = if any_deny { n_perm } else { 0 };
    let mut deny: Vec<BitSet> = (0..doc.roles.len())
        .map(|_| BitSet::new(deny_len))
        .collect();
    let mut conditional: Vec<HashMap<usize, Vec<usize>>> = vec![HashMap::new(); doc.roles.len()];
    let mut grant_permissions = Vec::with_capacity(doc.grants.len());
    let mut role_grants: Vec<Vec<usize>> = vec![Vec::new(); doc.roles.len()];
    for (g, grant) in doc.grants.iter().enumerate() {
        let r = role(&grant.role, format!("grants[{g}].role"))?;
        let res = *resource_index
            .get(&grant.resource)
            .ok_or_else(|| AccessError::Unknown {
                path: format!("grants[{g}].resource"),
                kind: "resource",
                id: grant.resource.clone(),
            })?;
        let ids: Vec<usize> = match &grant.actions {
            Actions::All(_) => permissions
                .iter()
                .enumerate()
                .filter(|(_, (pr, _))| *pr == res)
                .map(|(p, _)| p)
                .collect(),
            Actions::Listed(list) => {
                let mut ids = Vec::with_capacity(list.len());
                for (j, action) in list.iter().enumerate() {
                    let id = action_index
                        .get(res)
                        .and_then(|a| a.get(action))
                        .copied()
                        .ok_or_else(|| AccessError::Unknown {
                            path: format!("grants[{g}].actions[{j}]"),
                            kind: "action",
                            id: format!("{}.{action}", grant.resource),
                        })?;
                    ids.push(id);
                }
                ids
            }
        };
        if unconditional(grant) {
            if let Some(list) = role_grants.get_mut(r) {
                list.push(g);
            }
        }
        for &p in &ids {
            if unconditional(grant) {
                let set = match grant.effect {
                    Effect::Allow => allow.get_mut(r),
                    Effect::Deny => deny.get_mut(r),
                };
                if let Some(set) = set {
                    set.insert(p);
                }
            } else if let Some(map) = conditional.get_mut(r) {
                map.entry(p).or_default().push(g);
            }
        }
        grant_permissions.push(ids);
    }
    // Inheritance: parents first, so each role adds its (already complete) parents' sets.
    for &r in &order {
        let parents_of = parents.get(r).cloned().unwrap_or_default();
        if parents_of.is_empty() {
            continue;
        }
        for sets in [&mut allow, &mut deny] {
            let mut own = std::mem::replace(
                sets.get_mut(r).ok_or(AccessError::Internal)?,
                BitSet::new(0),
            );
            for &p in &parents_of {
                if let Some(set) = sets.get(p) {
                    own.union_with(set);
                }
            }
            if let Some(slot) = sets.get_mut(r) {
                *slot = own;
            }
        }
        let inherited: Vec<(usize, usize)> = parents_of
            .iter()
            .filter_map(|&p| conditional.get(p))
            .flat_map(|map| {
                map.iter()
                    .flat_map(|(&perm, grants)| grants.iter().map(move |&g| (perm, g)))
            })
            .collect();
        if let Some(map) = conditional.get_mut(r) {
            for (perm, grant) in inherited {
                let entry = map.entry(perm).or_default();
                if !entry.contains(&grant) {
                    entry.push(grant);
                }
            }
        }
    }
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); parents.len()];
    for (r, list) in parents.iter().enumerate() {
        for &p in list {
            if let Some(n) = neighbours.get_mut(r) {
                n.push(p);
            }
            if let Some(n) = neighbours.get_mut(p) {
                n.push(r);
            }
        }
    }

    let tenants = doc.tenants.clone();
    let mut user_index = HashMap::with_capacity(doc.users.len());
    let mut user_roles = Vec::with_capacity(doc.users.len());
    let mut user_tenant_roles = Vec::with_capacity(doc.users.len());
    for (u, user) in doc.users.iter().enumerate() {
        if user_index.insert(user.id.clone(), u).is_some() {
            return Err(AccessError::Duplicate {
                path: format!("users[{u}].id"),
                kind: "user",
                id: user.id.clone(),
            });
        }
        let mut held = Vec::with_capacity(user.roles.len());
        for (j, r) in user.roles.iter().enumerate() {
            held.push(role(r, format!("users[{u}].roles[{j}]"))?);
        }
        let mut by_tenant = HashMap::new();
        for (tenant, roles) in &user.tenant_roles {
            if !tenants.contains(tenant) {
                return Err(AccessError::Unknown {
                    path: format!("users[{u}].tenantRoles.{tenant}"),
                    kind: "tenant",
                    id: tenant.clone(),
                });
            }
            let mut list = Vec::with_capacity(roles.len());
            for (j, r) in roles.iter().enumerate() {
                list.push(role(r, format!("users[{u}].tenantRoles.{tenant}[{j}]"))?);
            }
            by_tenant.insert(tenant.clone(), list);
        }
        user_roles.push(held);
        user_tenant_roles.push(by_tenant);
    }
    Ok(Compiled {
        role_index,
        resource_index,
        action_index,
        permissions,
        parents,
        allow,
        deny,
        conditional,
        grant_permissions,
        role_grants,
        neighbours,
        order,
        user_index,
        user_roles,
        user_tenant_roles,
        tenants,
    })
}

/// Roles ordered so that every role comes after its parents; a cycle is an error naming it.
fn topological_order(
    doc: &AccessModelDocument,
    parents: &[Vec<usize>],
) -> Result<Vec<usize>, AccessError> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let n = parents.len();
    let mut marks = vec![Mark::New; n];
    let mut order = Vec::with_capacity(n);
    for start in 0..n {
        if marks.get(start) != Some(&Mark::New) {
            continue;
        }
        // Iterative depth-first search: (role, next parent to visit).
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        if let Some(m) = marks.get_mut(start) {
            *m = Mark::Open;
        }
        while let Some(&(role, next)) = stack.last() {
            let list = parents.get(role).map_or(&[][..], Vec::as_slice);
            if let Some(&parent) = list.get(next) {
                if let Some(top) = stack.last_mut() {
                    top.1 += 1;
                }
                match marks.get(parent) {
                    Some(Mark::New) => {
                        if let Some(m) = marks.get_mut(parent) {
                            *m = Mark::Open;
                        }
                        stack.push((parent, 0));
                    }
                    Some(Mark::Open) => {
                        let from = stack.iter().position(|(r, _)| *r == parent).unwrap_or(0);
                        let mut cycle: Vec<String> = stack
                            .get(from..)
                            .unwrap_or_default()
                            .iter()
                            .filter_map(|(r, _)| doc.roles.get(*r).map(|x| x.id.clone()))
                            .collect();
                        cycle.push(
                            doc.roles
                                .get(parent)
                                .map(|x| x.id.clone())
                                .unwrap_or_default(),
                        );
                        return Err(AccessError::Cycle {
                            path: format!("roles[{role}].parents[{next}]"),
                            cycle,
                        });
                    }
                    _ => {}
                }
            } else {
                if let Some(m) = marks.get_mut(role) {
                    *m = Mark::Done;
                }
                order.push(role);
                stack.pop();
            }
        }
    }
    Ok(order)
}
