//! Who a condition lets through, and to which rows: the one abstraction SQL
//! policies and Firebase rules are both judged with.
//!
//! A condition is summarised as the set of ways it can be satisfied, each a pair
//! (who must be asking, which rows or documents): `auth.uid() IS NOT NULL OR
//! is_public` is {(signed in, all rows), (anyone, some rows)}. `AND` combines every
//! pair of ways, `OR` joins the sets. Eight pairs exist, so a set is a byte.

/// Who must be asking, most permissive first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Who {
    /// Anyone, signed in or not (the public key is enough).
    Anyone,
    /// Any signed-in user (and anyone can sign up).
    SignedIn,
    /// A particular user, a member, a role set by the server, or a check this
    /// analyzer cannot see through.
    Scoped,
    /// No client (false, or the service role only).
    Nobody,
}

/// Which rows (documents, files) a way reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rows {
    All,
    /// Rows picked by their data (`is_public`, `status = 'published'`), not by who
    /// asks.
    Some,
}

const WHO: [Who; 4] = [Who::Anyone, Who::SignedIn, Who::Scoped, Who::Nobody];

fn bit(who: Who, rows: Rows) -> u8 {
    1 << (who as u8 * 2 + rows as u8)
}

/// The ways a condition can be satisfied, plus what was seen on the way.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Gate {
    ways: u8,
    /// Trusts data the user can edit (Supabase `user_metadata`).
    pub user_metadata: bool,
    /// Open only until this date (Firebase "test mode": `request.time <
    /// timestamp.date(2025, 1, 1)`), as written.
    pub expires: Option<String>,
}

impl Gate {
    pub fn only(who: Who, rows: Rows) -> Gate {
        Gate {
            ways: bit(who, rows),
            ..Gate::default()
        }
    }

    /// Anyone, every row: `true`.
    pub fn open() -> Gate {
        Gate::only(Who::Anyone, Rows::All)
    }

    /// Nobody: `false`.
    pub fn closed() -> Gate {
        Gate::only(Who::Nobody, Rows::All)
    }

    fn pairs(&self) -> impl Iterator<Item = (Who, Rows)> + '_ {
        WHO.iter()
            .flat_map(|&w| [(w, Rows::All), (w, Rows::Some)])
            .filter(|&(w, r)| self.ways & bit(w, r) != 0)
    }

    /// Both conditions must hold.
    pub fn and(&self, other: &Gate) -> Gate {
        let mut ways = 0u8;
        for (w1, r1) in self.pairs() {
            for (w2, r2) in other.pairs() {
                ways |= bit(w1.max(w2), r1.max(r2));
            }
        }
        Gate {
            ways,
            user_metadata: self.user_metadata || other.user_metadata,
            expires: self.expires.clone().or_else(|| other.expires.clone()),
        }
    }

    /// Either condition is enough.
    pub fn or(&self, other: &Gate) -> Gate {
        Gate {
            ways: self.ways | other.ways,
            user_metadata: self.user_metadata || other.user_metadata,
            expires: self.expires.clone().or_else(|| other.expires.clone()),
        }
    }

    /// Whether someone at most as identified as `who` reaches `rows` (`Rows::Some`
    /// asks whether any row at all is reachable).
    pub fn allows(&self, who: Who, rows: Rows) -> bool {
        self.pairs()
            .any(|(w, r)| w <= who && w != Who::Nobody && r <= rows)
    }

    /// `true` in effect: anyone, every row.
    pub fn is_open(&self) -> bool {
        self.allows(Who::Anyone, Rows::All)
    }

    /// The least identification that reaches every row, if any.
    pub fn all_rows_to(&self) -> Option<Who> {
        self.pairs()
            .filter(|&(w, r)| r == Rows::All && w != Who::Nobody)
            .map(|(w, _)| w)
            .min()
    }

    /// The least identification that reaches any row, if any.
    pub fn some_rows_to(&self) -> Option<Who> {
        self.pairs()
            .filter(|&(w, _)| w != Who::Nobody)
            .map(|(w, _)| w)
            .min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn and_or_keep_every_way() {
        let signed = Gate::only(Who::SignedIn, Rows::All);
        let public_rows = Gate::only(Who::Anyone, Rows::Some);
        let owner = Gate::only(Who::Scoped, Rows::All);
        let either = signed.or(&public_rows);
        assert_eq!(either.all_rows_to(), Some(Who::SignedIn));
        assert_eq!(either.some_rows_to(), Some(Who::Anyone));
        let both = signed.and(&owner);
        assert_eq!(both.all_rows_to(), Some(Who::Scoped));
        assert!(!both.allows(Who::SignedIn, Rows::Some));
        assert!(Gate::open().is_open());
        assert!(!Gate::closed().allows(Who::Scoped, Rows::Some));
        assert_eq!(Gate::open().and(&Gate::closed()).some_rows_to(), None);
        assert_eq!(
            Gate::open().or(&Gate::closed()).all_rows_to(),
            Some(Who::Anyone)
        );
        let filtered = Gate::open().and(&public_rows);
        assert!(!filtered.is_open() && filtered.allows(Who::Anyone, Rows::Some));
    }

    #[test]
    fn flags_travel() {
        let mut meta = Gate::only(Who::Scoped, Rows::All);
        meta.user_metadata = true;
        assert!(meta.and(&Gate::open()).user_metadata);
        let mut timed = Gate::open();
        timed.expires = Some("2025-01-01".into());
        assert_eq!(
            Gate::closed().or(&timed).expires.as_deref(),
            Some("2025-01-01")
        );
    }
}
