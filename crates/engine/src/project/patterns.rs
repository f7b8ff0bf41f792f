//! The code patterns the detectors use, by name: each field is the position of one
//! pattern of `rules/project/patterns.toml`, resolved once. A detector that names a
//! pattern the file lacks cannot be built (the test below resolves them all).

use crate::catalog::project::ProjectRules;

macro_rules! patterns {
    ($($field:ident = $id:literal),* $(,)?) => {
        /// Pattern positions in [`ProjectRules::patterns`], by name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct Patterns {
            $(pub $field: usize,)*
        }

        impl Patterns {
            /// Every pattern id the detectors use.
            pub const IDS: &'static [&'static str] = &[$($id),*];

            /// Resolves every id; `None` if one is missing (the data did not load).
            pub fn resolve(rules: &ProjectRules) -> Option<Patterns> {
                Some(Patterns {
                    $($field: rules.pattern_index($id)?,)*
                })
            }
        }
    };
}

patterns! {
    route_method_export = "route-method-export",
    route_default_export = "route-default-export",
    route_loader_action = "route-loader-action",
    route_registration = "route-registration",
    route_decorator = "route-decorator",
    use_server = "use-server",
    use_client = "use-client",
    exported_async_function = "exported-async-function",
    edge_function_serve = "edge-function-serve",
    firebase_https_function = "firebase-https-function",
    server_framework_import = "server-framework-import",
    auth_check = "auth-check",
    deny_response = "deny-response",
    signature_check = "signature-check",
    stripe_construct_event = "stripe-construct-event",
    stripe_event = "stripe-event",
    db_write = "db-write",
    governed_write = "governed-write",
    supabase_query = "supabase-query",
    service_role_client = "service-role-client",
    admin_data_access = "admin-data-access",
    body_read = "body-read",
    validation = "validation",
    rate_limit = "rate-limit",
    provider_auth_call = "provider-auth-call",
    error_tracker_init = "error-tracker-init",
    log_call = "log-call",
    catch_start = "catch-start",
    rethrow = "rethrow",
    supabase_url_literal = "supabase-url-literal",
    firebase_config_literal = "firebase-config-literal",
    workflow_environment = "workflow-environment",
    test_command = "test-command",
    public_secret_env = "public-secret-env",
    ai_sdk_import = "ai-sdk-import",
    ai_call = "ai-call",
    system_prompt = "system-prompt",
    ai_output = "ai-output",
    code_sink = "code-sink",
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_a_detector_names_exists_and_every_pattern_is_used() {
        let rules = ProjectRules::built_in();
        assert!(Patterns::resolve(rules).is_some());
        for id in Patterns::IDS {
            assert!(rules.pattern_index(id).is_some(), "{id}");
        }
        let unused: Vec<&str> = rules
            .patterns()
            .iter()
            .map(|p| p.id.as_str())
            .filter(|id| !Patterns::IDS.contains(id))
            .collect();
        assert!(unused.is_empty(), "patterns no detector uses: {unused:?}");
    }
}
