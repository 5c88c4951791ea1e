use super::*;
use crate::CodedError;

const MODEL: &str = r#"{
  "schema": 1,
  "name": "invoices",
  "tenants": ["eu", "us"],
  "roles": [
    { "id": "viewer" },
    { "id": "clerk", "parents": ["viewer"] },
    { "id": "approver", "parents": ["viewer"], "requiresMfa": true },
    { "id": "admin", "parents": ["clerk", "approver"] },
    { "id": "auditor" }
  ],
  "resources": [
    { "id": "invoice", "actions": ["read", "create", "approve", "delete"] },
    { "id": "report", "actions": ["read", "export"] }
  ],
  "grants": [
    { "role": "viewer", "resource": "invoice", "actions": ["read"] },
    { "role": "clerk", "resource": "invoice", "actions": ["create"] },
    { "role": "clerk", "resource": "invoice", "actions": ["delete"], "condition": { "own": true } },
    { "role": "approver", "resource": "invoice", "actions": ["approve"], "condition": { "mfaWithinMinutes": 15 } },
    { "role": "admin", "resource": "report", "actions": "*" },
    { "role": "admin", "resource": "invoice", "actions": ["delete"], "effect": "deny", "reason": "admins do not delete invoices" },
    { "role": "auditor", "resource": "report", "actions": ["read"], "expiresAt": "2026-12-31T00:00:00Z" },
    { "role": "viewer", "resource": "report", "actions": ["read"], "condition": { "timeWindow": { "from": "08:00", "to": "18:00", "days": ["mon", "tue", "wed", "thu", "fri"] } } }
  ],
  "users": [
    { "id": "alice", "roles": ["clerk"] },
    { "id": "bob", "roles": ["approver"], "tenantRoles": { "eu": ["admin"] } },
    { "id": "carol", "roles": ["admin"] },
    { "id": "dave", "roles": ["clerk"], "disabled": true },
    { "id": "erin", "roles": ["auditor"] }
  ]
}"#;

/// 2026-11-23 (a Monday) at 10:00 UTC.
const MONDAY_10: Millis = 1_795_428_000_000;

fn model() -> AccessMatrix {
    AccessMatrix::from_json(MODEL).unwrap_or_else(|err| unreachable!("{err}"))
}

fn request(user: &str, action: &str, resource: &str) -> AccessRequest {
    AccessRequest {
        user: Some(user.into()),
        action: action.into(),
        resource: resource.into(),
        ..AccessRequest::default()
    }
}

fn decide(m: &AccessMatrix, r: &AccessRequest) -> Decision {
    m.check(r, Locale::En)
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn inherited_allow_explains_the_path() {
    let m = model();
    let d = decide(&m, &request("carol", "read", "invoice"));
    assert!(d.allowed);
    assert_eq!(d.code, "access.allowed");
    assert_eq!(d.explanation.path, ["carol", "admin", "clerk", "viewer"]);
    assert_eq!(d.explanation.grant.as_ref().map(|g| g.index), Some(0));
    assert_eq!(d.message, "carol may read invoice (granted to role viewer)");
    assert!(m.can("alice", "create", "invoice", None));
    assert!(!m.can("alice", "approve", "invoice", None));
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn deny_beats_allow_and_names_the_rule() {
    let m = model();
    let mut r = request("carol", "delete", "invoice");
    r.context.resource_owner = Some("carol".into());
    let d = decide(&m, &r);
    assert!(!d.allowed);
    assert_eq!(d.code, "access.denied.deny_rule");
    let grant = d.explanation.grant.clone();
    assert_eq!(grant.as_ref().map(|g| g.index), Some(5));
    assert_eq!(
        grant.and_then(|g| g.reason).as_deref(),
        Some("admins do not delete invoices")
    );
    assert_eq!(d.explanation.path, ["carol", "admin"]);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn conditions_own_mfa_window_and_expiry() {
    let m = model();
    let mut delete = request("alice", "delete", "invoice");
    let d = decide(&m, &delete);
    assert_eq!(
        (d.code, d.explanation.failed_condition),
        ("access.denied.condition", Some("own"))
    );
    assert_eq!(d.message, "alice may delete invoice only when they own it");
    delete.context.resource_owner = Some("alice".into());
    assert!(decide(&m, &delete).allowed);
    delete.context.resource_owner = Some("bob".into());
    assert!(!decide(&m, &delete).allowed);

    let mut approve = request("bob", "approve", "invoice");
    approve.context.now = Some(MONDAY_10);
    approve.context.mfa_at = Some(MONDAY_10 - 20 * 60_000);
    assert_eq!(
        decide(&m, &approve).explanation.failed_condition,
        Some("mfa")
    );
    approve.context.mfa_at = Some(MONDAY_10 - 5 * 60_000);
    assert!(decide(&m, &approve).allowed);

    let mut report = request("alice", "read", "report");
    report.context.now = Some(MONDAY_10);
    assert!(decide(&m, &report).allowed);
    report.context.now = Some(MONDAY_10 + 9 * 3_600_000); // 19:00
    assert_eq!(
        decide(&m, &report).explanation.failed_condition,
        Some("timeWindow")
    );
    report.context.now = Some(MONDAY_10 - 2 * 86_400_000); // Saturday
    assert!(!decide(&m, &report).allowed);

    let mut audit = request("erin", "read", "report");
    audit.context.now = Some(MONDAY_10);
    assert!(decide(&m, &audit).allowed);
    audit.context.now = Some(MONDAY_10 + 60 * 86_400_000);
    assert_eq!(
        decide(&m, &audit).explanation.failed_condition,
        Some("expired")
    );
    // No clock given: a time-dependent grant cannot apply (deny).
    audit.context.now = None;
    assert!(!decide(&m, &audit).allowed);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn default_deny_names_the_nearest_role_that_would_grant_it() {
    let m = model();
    let d = decide(&m, &request("alice", "export", "report"));
    assert_eq!(d.code, "access.denied.no_grant");
    let nearest: Vec<(&str, Option<usize>)> = d
        .explanation
        .would_be_granted_by
        .iter()
        .map(|n| (n.role.as_str(), n.distance))
        .collect();
    assert_eq!(nearest, [("admin", Some(1))]);
    assert_eq!(
        d.message,
        "No role of alice grants export on report; role admin would"
    );
    let zh = m.check(&request("alice", "export", "report"), Locale::ZhCn);
    assert_eq!(
        zh.message,
        "alice 的角色都没有授予对 report 的 export 权限；角色 admin 拥有此权限"
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn tenants_roles_and_errors_deny() {
    let m = model();
    let mut r = request("bob", "export", "report");
    assert!(!decide(&m, &r).allowed);
    r.tenant = Some("eu".into());
    assert!(decide(&m, &r).allowed);
    r.tenant = Some("us".into());
    assert!(!decide(&m, &r).allowed);
    r.tenant = Some("mars".into());
    assert_eq!(decide(&m, &r).code, "access.denied.unknown_tenant");
    for (req, code) in [
        (
            request("dave", "read", "invoice"),
            "access.denied.user_disabled",
        ),
        (
            request("mallory", "read", "invoice"),
            "access.denied.unknown_user",
        ),
        (
            request("alice", "read", "payroll"),
            "access.denied.unknown_resource",
        ),
        (
            request("alice", "fly", "invoice"),
            "access.denied.unknown_action",
        ),
    ] {
        let d = decide(&m, &req);
        assert!(!d.allowed);
        assert_eq!(d.code, code);
    }
    let by_roles = AccessRequest {
        roles: Some(vec!["clerk".into()]),
        action: "create".into(),
        resource: "invoice".into(),
        ..AccessRequest::default()
    };
    assert!(decide(&m, &by_roles).allowed);
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn grid_effective_and_role_diff() {
    let m = model();
    let grid = m.grid();
    assert_eq!(grid.columns.len(), 6);
    assert_eq!(grid.roles.len(), 5);
    assert_eq!(grid.kinds.len(), 30);
    let cell = |role: &str, resource: &str, action: &str| {
        let col = grid
            .columns
            .iter()
            .position(|p| p.resource == resource && p.action == action)?;
        let row = grid.roles.iter().position(|r| r == role)?;
        m.cell(&grid, row, col)
    };
    assert_eq!(
        cell("viewer", "invoice", "read"),
        Some(CellSource::Direct { grant: 0 })
    );
    assert_eq!(
        cell("admin", "invoice", "read"),
        Some(CellSource::Inherited {
            from: "viewer".into(),
            grant: 0
        })
    );
    assert_eq!(
        cell("admin", "invoice", "delete"),
        Some(CellSource::Denied {
            from: "admin".into(),
            grant: 5
        })
    );
    assert_eq!(
        cell("clerk", "invoice", "delete"),
        Some(CellSource::Conditional { grants: vec![2] })
    );
    assert_eq!(cell("auditor", "invoice", "read"), Some(CellSource::None));

    let alice = m.effective("alice").ok();
    let allowed: Vec<String> = alice
        .iter()
        .flat_map(|e| {
            e.allowed
                .iter()
                .map(|p| format!("{}.{}", p.resource, p.action))
        })
        .collect();
    assert_eq!(allowed, ["invoice.read", "invoice.create"]);
    assert_eq!(
        alice.as_ref().map(|e| e.roles.clone()),
        Some(vec!["viewer".to_string(), "clerk".to_string()])
    );
    assert_eq!(alice.map(|e| e.requires_mfa), Some(Vec::new()));
    // carol holds admin, which inherits approver: a second factor is required.
    assert_eq!(
        m.effective("carol").ok().map(|e| e.requires_mfa),
        Some(vec!["approver".to_string()])
    );
    assert_eq!(
        m.effective("approver").ok().map(|e| e.requires_mfa),
        Some(vec!["approver".to_string()])
    );

    let diff = m.diff_roles("clerk", "approver").ok();
    let only_first: Vec<String> = diff
        .iter()
        .flat_map(|d| d.only_first.iter().map(|p| p.action.clone()))
        .collect();
    assert_eq!(only_first, ["create"]);
    assert_eq!(diff.map(|d| d.both.len()), Some(1));
    assert_eq!(
        m.effective("nobody").err().map(|e| e.code()),
        Some("access.model.unknown_reference")
    );
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn invalid_models_name_the_problem_and_where() {
    let cycle = r#"{"schema": 1, "roles": [{"id": "a", "parents": ["c"]}, {"id": "b", "parents": ["a"]}, {"id": "c", "parents": ["b"]}]}"#;
    let err = AccessMatrix::from_json(cycle).err();
    assert_eq!(
        err.as_ref().map(CodedError::code),
        Some("access.model.role_cycle")
    );
    assert_eq!(
        err.as_ref().map(CodedError::message).as_deref(),
        Some("roles inherit from each other in a cycle: a → c → b → a")
    );
    assert_eq!(
        err.map(|e| e.path()).as_deref(),
        Some("roles[1].parents[0]")
    );
    let cases = [
        (
            r#"{"schema": 1, "grants": [{"role": "x", "resource": "r", "actions": "*"}]}"#,
            "access.model.unknown_reference",
            "grants[0].role",
        ),
        (
            r#"{"schema": 1, "roles": [{"id": "a"}], "resources": [{"id": "r", "actions": ["read"]}], "grants": [{"role": "a", "resource": "r", "actions": ["write"]}]}"#,
            "access.model.unknown_reference",
            "grants[0].actions[0]",
        ),
        (
            r#"{"schema": 1, "roles": [{"id": "a"}, {"id": "a"}]}"#,
            "access.model.duplicate",
            "roles[1].id",
        ),
        (
            r#"{"schema": 1, "roles": [{"id": "a", "colour": "red"}]}"#,
            "access.model.invalid",
            "roles[0].colour",
        ),
        (
            r#"{"schema": 1, "roles": [{"id": "a"}], "users": [{"id": "u", "roles": ["a"], "tenantRoles": {"eu": ["a"]}}]}"#,
            "access.model.unknown_reference",
            "users[0].tenantRoles.eu",
        ),
        (
            r#"{"schema": 1, "roles": [{"id": "a"}], "resources": [{"id": "r", "actions": ["x"]}], "grants": [{"role": "a", "resource": "r", "actions": "*", "expiresAt": "soon"}]}"#,
            "access.model.invalid",
            "grants[0].expiresAt",
        ),
        (
            r#"{"schema": 3}"#,
            "access.model.schema_unsupported",
            "schema",
        ),
        (
            r#"{"schema": 1, "#,
            "access.model.syntax",
            "line 1, column 14",
        ),
    ];
    for (json, code, path) in cases {
        let err = AccessMatrix::from_json(json).err();
        assert_eq!(err.as_ref().map(CodedError::code), Some(code), "{json}");
        assert_eq!(err.map(|e| e.path()).as_deref(), Some(path), "{json}");
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn fingerprint_is_canonical() {
    let a = model();
    let reformatted: serde_json::Value = serde_json::from_str(MODEL).unwrap_or_default();
    let b = AccessMatrix::from_json(&reformatted.to_string()).ok();
    assert_eq!(
        b.map(|b| b.fingerprint().to_string()).as_deref(),
        Some(a.fingerprint())
    );
    assert!(a.fingerprint().starts_with("sha256:"));
}

/// A deliberately naive reference: walk the role graph, scan every grant.
fn reference(doc: &AccessModelDocument, request: &AccessRequest) -> bool {
    let Some(user) = doc
        .users
        .iter()
        .find(|u| Some(&u.id) == request.user.as_ref())
    else {
        return false;
    };
    if user.disabled {
        return false;
    }
    let mut held: Vec<String> = Vec::new();
    let mut stack: Vec<String> = user.roles.clone();
    while let Some(role) = stack.pop() {
        if held.contains(&role) {
            continue;
        }
        if let Some(def) = doc.roles.iter().find(|r| r.id == role) {
            stack.extend(def.parents.iter().cloned());
        }
        held.push(role);
    }
    let covers = |g: &schema::Grant| {
        held.contains(&g.role)
            && g.resource == request.resource
            && match &g.actions {
                schema::Actions::All(_) => true,
                schema::Actions::Listed(list) => list.contains(&request.action),
            }
    };
    let holds = |g: &schema::Grant| {
        g.condition
            .as_ref()
            .is_none_or(|c| !c.own || request.context.resource_owner == request.user)
    };
    let action_exists = doc
        .resources
        .iter()
        .any(|r| r.id == request.resource && r.actions.contains(&request.action));
    if !action_exists {
        return false;
    }
    if doc
        .grants
        .iter()
        .any(|g| covers(g) && holds(g) && g.effect == Effect::Deny)
    {
        return false;
    }
    doc.grants
        .iter()
        .any(|g| covers(g) && holds(g) && g.effect == Effect::Allow)
}

struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

fn random_model(rng: &mut Lcg) -> AccessModelDocument {
    let n_roles = 1 + rng.next(12);
    let roles = (0..n_roles)
        .map(|i| schema::RoleDef {
            id: format!("r{i}"),
            label: None,
            // Parents only among earlier roles: no cycles.
            parents: (0..i)
                .filter(|_| rng.next(4) == 0)
                .map(|p| format!("r{p}"))
                .collect(),
            requires_mfa: false,
        })
        .collect();
    let resources: Vec<schema::ResourceDef> = (0..1 + rng.next(3))
        .map(|i| schema::ResourceDef {
            id: format!("res{i}"),
            label: None,
            actions: (0..1 + rng.next(4)).map(|a| format!("a{a}")).collect(),
        })
        .collect();
    let grants = (0..rng.next(20))
        .filter_map(|_| {
            let resource = resources.get(rng.next(resources.len()))?;
            let actions = if rng.next(5) == 0 {
                schema::Actions::All(schema::Wildcard::All)
            } else {
                schema::Actions::Listed(
                    resource
                        .actions
                        .iter()
                        .filter(|_| rng.next(2) == 0)
                        .cloned()
                        .collect(),
                )
            };
            Some(schema::Grant {
                role: format!("r{}", rng.next(n_roles)),
                resource: resource.id.clone(),
                actions,
                effect: if rng.next(4) == 0 {
                    Effect::Deny
                } else {
                    Effect::Allow
                },
                condition: (rng.next(5) == 0).then(|| schema::Condition {
                    own: true,
                    ..schema::Condition::default()
                }),
                expires_at: None,
                reviewed_at: None,
                reason: None,
            })
        })
        .collect();
    let users = (0..1 + rng.next(5))
        .map(|u| schema::UserDef {
            id: format!("u{u}"),
            roles: (0..n_roles)
                .filter(|_| rng.next(3) == 0)
                .map(|r| format!("r{r}"))
                .collect(),
            tenant_roles: Default::default(),
            disabled: rng.next(10) == 0,
            last_active_at: None,
            reviewed_at: None,
        })
        .collect();
    AccessModelDocument {
        json_schema: None,
        schema: 1,
        name: None,
        roles,
        resources,
        grants,
        users,
        tenants: Vec::new(),
        constraints: schema::Constraints::default(),
        review_interval_days: 90,
    }
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn agrees_with_a_naive_reference_on_random_models() {
    let models = if cfg!(target_arch = "wasm32") {
        100
    } else {
        1_000
    };
    let mut rng = Lcg(0xACCE55);
    let mut cases = 0;
    for _ in 0..models {
        let doc = random_model(&mut rng);
        let m =
            AccessMatrix::from_document(doc.clone()).unwrap_or_else(|err| unreachable!("{err}"));
        for _ in 0..40 {
            let user = format!("u{}", rng.next(doc.users.len() + 1));
            let resource = format!("res{}", rng.next(4));
            let action = format!("a{}", rng.next(5));
            let mut req = request(&user, &action, &resource);
            if rng.next(2) == 0 {
                req.context.resource_owner = Some(if rng.next(2) == 0 {
                    user.clone()
                } else {
                    "someone".into()
                });
            }
            let expected = reference(&doc, &req);
            let decision = m.check(&req, Locale::En);
            assert_eq!(decision.allowed, expected, "{doc:?}\n{req:?}\n{decision:?}");
            assert_eq!(
                m.can(&user, &action, &resource, None),
                reference(&doc, &request(&user, &action, &resource))
            );
            cases += 1;
        }
    }
    assert!(cases >= 4_000);
}

/// Every cell of the grid says what `check` says for that role alone: the same verdict and, for
/// unconditional cells, the same deciding grant (the nearest by inheritance, parents in order).
#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
fn grid_cells_name_the_grant_check_decides_with() {
    let models = if cfg!(target_arch = "wasm32") {
        100
    } else {
        1_000
    };
    let mut rng = Lcg(0x6121D);
    let mut cells = 0;
    for _ in 0..models {
        let doc = random_model(&mut rng);
        let m =
            AccessMatrix::from_document(doc.clone()).unwrap_or_else(|err| unreachable!("{err}"));
        let grid = m.grid();
        for (row, role) in grid.roles.iter().enumerate() {
            for (column, permission) in grid.columns.iter().enumerate() {
                let request = AccessRequest {
                    roles: Some(vec![role.clone()]),
                    action: permission.action.clone(),
                    resource: permission.resource.clone(),
                    ..AccessRequest::default()
                };
                let decision = m.check(&request, Locale::En);
                let grant = decision.explanation.grant.as_ref().map(|g| g.index);
                let cell = m.cell(&grid, row, column);
                let context = format!("{doc:?}\n{role} {permission:?}\n{decision:?}\n{cell:?}");
                match cell {
                    Some(
                        CellSource::Direct { grant: g } | CellSource::Inherited { grant: g, .. },
                    ) => {
                        assert!(decision.allowed, "{context}");
                        assert_eq!(grant, Some(g), "{context}");
                    }
                    Some(CellSource::Denied { grant: g, .. }) => {
                        assert_eq!(decision.code, "access.denied.deny_rule", "{context}");
                        assert_eq!(grant, Some(g), "{context}");
                    }
                    Some(CellSource::Conditional { grants }) => {
                        assert!(!grants.is_empty(), "{context}");
                        assert!(
                            !decision.allowed || decision.explanation.failed_condition.is_none(),
                            "{context}"
                        );
                    }
                    Some(CellSource::None) => {
                        assert!(!decision.allowed, "{context}");
                        assert!(grant.is_none(), "{context}");
                    }
                    None => unreachable!("{context}"),
                }
                cells += 1;
            }
        }
    }
    assert!(cells >= models * 5, "{cells} cells in {models} models");
}
