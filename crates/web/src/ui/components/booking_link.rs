//! The call to action: the operator's booking link, opened in a new tab, with the
//! promise that nothing entered here goes with it.

use yew::prelude::*;

use shipcheck_engine::catalog::operator::OperatorConfig;

/// The host name of a URL, for "opens cal.com in a new tab".
pub fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

#[derive(Properties, PartialEq)]
pub struct BookingLinkProps {
    /// The link's text, e.g. "Book a rescue sprint call".
    pub text: AttrValue,
    /// Make it the page's primary action.
    #[prop_or(true)]
    pub primary: bool,
}

#[component]
pub fn BookingLink(props: &BookingLinkProps) -> Html {
    let operator = use_memo((), |_| OperatorConfig::built_in());
    let host = host_of(&operator.booking_url).to_string();
    html! {
        <div class="booking-cta">
            <a class={classes!("button", props.primary.then_some("primary"))} href={operator.booking_url.clone()}
               target="_blank" rel="noopener noreferrer">
                { props.text.clone() }
                <span class="visually-hidden">{ " (opens in a new tab)" }</span>
                <span aria-hidden="true">{ " ↗" }</span>
            </a>
            <p class="cta-note">
                { format!("With {}. Opens {host} in a new tab. Nothing you entered here is sent: your answers stay in this browser.", operator.operator) }
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_is_the_part_between_scheme_and_path() {
        assert_eq!(host_of("https://cal.com/ann/intro"), "cal.com");
        assert_eq!(host_of("https://example.org"), "example.org");
        assert_eq!(host_of("https://example.org?x=1"), "example.org");
        assert_eq!(host_of("no-scheme/path"), "no-scheme");
    }
}
