//! Saving answers in `localStorage` and reading a shared link's URL fragment.
//!
//! Only the founder's answers and inputs are ever written ([`State`] holds nothing
//! else): never file contents, findings or secrets. Outside the browser (server-side
//! rendering in tests) every function here is a no-op.

use shipcheck_engine::state::{self, Decoded, State};

use super::state::RestoreSource;

/// The `localStorage` key. The value is versioned JSON (`state::to_storage_json`).
pub const STORAGE_KEY: &str = "shipcheck.state";

/// What to start the app with: a shared link's fragment is shown first, with the
/// saved copy beside it (the founder's own answers, which the link never replaces
/// without asking); otherwise the saved copy. Corrupt or unreadable data gives the
/// default state and a notice (never a panic).
pub fn load_initial() -> (Option<(Decoded, RestoreSource)>, Option<State>) {
    #[cfg(target_arch = "wasm32")]
    {
        let saved = load_saved();
        if let Some(fragment) = browser::take_fragment() {
            let mine = saved.map(|(d, _)| d.state);
            return (
                Some((state::decode_any(&fragment), RestoreSource::ShareLink)),
                mine,
            );
        }
        (saved, None)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (state::decode_any, RestoreSource::Storage);
        (None, None)
    }
}

/// The saved copy, if any.
#[cfg(target_arch = "wasm32")]
fn load_saved() -> Option<(Decoded, RestoreSource)> {
    {
        match browser::storage_get() {
            Ok(Some(json)) => {
                let mut decoded = state::decode_any(&json);
                if !decoded.notices.is_empty() {
                    decoded.notices.insert(
                        0,
                        "Your saved answers could not be read in full, so some were reset.".into(),
                    );
                }
                Some((decoded, RestoreSource::Storage))
            }
            Ok(None) => None,
            Err(why) => Some((
                Decoded {
                    state: State::default(),
                    notices: vec![format!(
                        "This browser does not let the page save your answers ({why}); they will be lost on reload."
                    )],
                },
                RestoreSource::Storage,
            )),
        }
    }
}

/// Saves the answers, or removes the saved copy when there is nothing to keep.
pub fn save(answers: &State) {
    #[cfg(target_arch = "wasm32")]
    {
        if *answers == State::default() {
            browser::storage_remove();
        } else {
            browser::storage_set(&state::to_storage_json(answers));
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = answers;
}

/// Removes everything shipcheck stored in this browser.
pub fn clear() {
    #[cfg(target_arch = "wasm32")]
    browser::storage_remove();
}

/// The link that restores these answers: the current page's address with the state
/// in the fragment (fragments are never sent to a server).
pub fn share_link(origin: &str, answers: &State) -> String {
    format!("{origin}/report#{}", state::encode_fragment(answers))
}

/// The page's origin (`https://host`), or an empty string outside the browser.
pub fn origin() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    String::new()
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use super::STORAGE_KEY;

    fn storage() -> Result<web_sys::Storage, String> {
        let window = web_sys::window().ok_or("no window")?;
        match window.local_storage() {
            Ok(Some(s)) => Ok(s),
            Ok(None) => Err("local storage is unavailable".into()),
            Err(_) => Err("local storage is blocked".into()),
        }
    }

    pub fn storage_get() -> Result<Option<String>, String> {
        storage()?
            .get_item(STORAGE_KEY)
            .map_err(|_| "local storage is blocked".into())
    }

    pub fn storage_set(json: &str) {
        if let Ok(s) = storage() {
            let _ = s.set_item(STORAGE_KEY, json);
        }
    }

    pub fn storage_remove() {
        if let Ok(s) = storage() {
            let _ = s.remove_item(STORAGE_KEY);
        }
    }

    /// Reads the URL fragment and removes it from the address bar (without a
    /// navigation), so later edits are not shadowed by a stale link.
    pub fn take_fragment() -> Option<String> {
        let window = web_sys::window()?;
        let hash = window.location().hash().ok()?;
        let fragment = hash.trim_start_matches('#');
        if fragment.is_empty() {
            return None;
        }
        let fragment = fragment.to_string();
        if let (Ok(history), Ok(path), Ok(search)) = (
            window.history(),
            window.location().pathname(),
            window.location().search(),
        ) {
            let _ = history.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&format!("{path}{search}")),
            );
        }
        Some(fragment)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shipcheck_engine::state::Answer;

    #[test]
    fn a_share_link_carries_only_the_encoded_answers_in_its_fragment() {
        let mut s = State {
            profile: "cursor-b2b".into(),
            ..State::default()
        };
        s.answers.insert("cross-tenant-access".into(), Answer::Yes);
        let link = share_link("https://tools.example", &s);
        let (base, fragment) = link.split_once('#').unwrap();
        assert_eq!(base, "https://tools.example/report");
        assert_eq!(state::decode_fragment(fragment).unwrap().state, s);
        assert!(
            !fragment.contains(' ') && !fragment.contains('"'),
            "{fragment}"
        );
    }
}
