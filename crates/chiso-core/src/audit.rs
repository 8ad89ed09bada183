//! The tamper-evident audit trail: each event carries the hash of the one before it.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The hash that stands before the first event.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One change to data or metadata, as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEvent {
    /// Sequence number (store key).
    pub id: i64,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// Who did it (user key), or `None` for the system.
    pub actor_id: Option<i64>,
    /// What was done, e.g. `indicator.create`, `values.upsert`.
    pub action: String,
    /// The kind of object changed, e.g. `indicator`.
    pub entity: String,
    /// The object's code.
    pub entity_code: String,
    /// Details (before/after), as JSON text.
    pub detail: String,
    /// Hash of the previous event.
    pub prev_hash: String,
    /// Hash of this event, over `prev_hash` and every other field but `id`.
    pub hash: String,
}

/// An event about to be appended: everything but the chain fields.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAuditEvent {
    /// When it happened.
    pub at: DateTime<Utc>,
    /// Who did it.
    pub actor_id: Option<i64>,
    /// What was done.
    pub action: String,
    /// Kind of object.
    pub entity: String,
    /// Object code.
    pub entity_code: String,
    /// Details as JSON text.
    pub detail: String,
}

/// The hash of an event given the previous hash: SHA-256 over a canonical,
/// unambiguous (length-prefixed) encoding of the fields.
pub fn chain_hash(prev_hash: &str, e: &NewAuditEvent) -> String {
    let mut h = Sha256::new();
    let at = e.at.to_rfc3339_opts(SecondsFormat::Micros, true);
    let actor = e.actor_id.map(|a| a.to_string()).unwrap_or_default();
    for part in [
        prev_hash,
        at.as_str(),
        actor.as_str(),
        &e.action,
        &e.entity,
        &e.entity_code,
        &e.detail,
    ] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    hex::encode(h.finalize())
}

/// Where a chain stops being consistent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainError {
    /// The event's `prev_hash` is not the previous event's hash.
    #[error("event {id}: previous hash does not match (chain broken before it)")]
    Broken {
        /// The event.
        id: i64,
    },
    /// The event's content does not produce its stored hash (it was altered).
    #[error("event {id}: content does not match its hash (altered)")]
    Altered {
        /// The event.
        id: i64,
    },
    /// The event an anchor names is gone or differs: the newest events were removed (or the
    /// chain rebuilt) after the anchor was taken.
    #[error(
        "event {id} named by the anchor is missing or differs: events were removed or rewritten after it"
    )]
    AnchorLost {
        /// The event the anchor names.
        id: i64,
    },
}

/// The head of the chain at some moment (`id:hash`), kept outside the database (printed in a
/// report, sent to another system). A chain verified against it must still contain that
/// event unchanged, which the chain alone cannot show when its newest events are deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    /// The event's sequence number.
    pub id: i64,
    /// Its hash.
    pub hash: String,
}

impl std::fmt::Display for Anchor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.id, self.hash)
    }
}

impl std::str::FromStr for Anchor {
    type Err = String;

    /// Reads `id:hash` (64 hexadecimal digits).
    fn from_str(s: &str) -> Result<Anchor, String> {
        let (id, hash) = s
            .trim()
            .split_once(':')
            .ok_or_else(|| format!("«{s}» is not an anchor (id:hash)"))?;
        let id = id
            .parse()
            .map_err(|_| format!("«{id}» is not an event number"))?;
        if hash.len() != 64 || !hash.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(format!("«{hash}» is not a SHA-256 hash"));
        }
        Ok(Anchor {
            id,
            hash: hash.to_ascii_lowercase(),
        })
    }
}

/// The anchor of a chain's newest event, if it has any.
pub fn anchor_of(events: &[AuditEvent]) -> Option<Anchor> {
    events.last().map(|e| Anchor {
        id: e.id,
        hash: e.hash.clone(),
    })
}

/// Checks a whole chain (see [`verify_chain`]), then that it still holds the event `anchor`
/// names, unchanged.
pub fn verify_against(events: &[AuditEvent], anchor: &Anchor) -> Result<(), ChainError> {
    verify_chain(events)?;
    if events
        .iter()
        .any(|e| e.id == anchor.id && e.hash == anchor.hash)
    {
        Ok(())
    } else {
        Err(ChainError::AnchorLost { id: anchor.id })
    }
}

/// Checks a whole chain, in order.
pub fn verify_chain(events: &[AuditEvent]) -> Result<(), ChainError> {
    let mut prev = GENESIS_HASH.to_string();
    for e in events {
        if e.prev_hash != prev {
            return Err(ChainError::Broken { id: e.id });
        }
        let n = NewAuditEvent {
            at: e.at,
            actor_id: e.actor_id,
            action: e.action.clone(),
            entity: e.entity.clone(),
            entity_code: e.entity_code.clone(),
            detail: e.detail.clone(),
        };
        if chain_hash(&prev, &n) != e.hash {
            return Err(ChainError::Altered { id: e.id });
        }
        prev = e.hash.clone();
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn chain(n: usize) -> Vec<AuditEvent> {
        let mut prev = GENESIS_HASH.to_string();
        (0..n)
            .map(|i| {
                let e = NewAuditEvent {
                    at: DateTime::from_timestamp(1_700_000_000 + i as i64, 0).unwrap(),
                    actor_id: Some(1),
                    action: "values.upsert".into(),
                    entity: "value".into(),
                    entity_code: format!("X{i}"),
                    detail: "{}".into(),
                };
                let hash = chain_hash(&prev, &e);
                let ev = AuditEvent {
                    id: i as i64 + 1,
                    at: e.at,
                    actor_id: e.actor_id,
                    action: e.action,
                    entity: e.entity,
                    entity_code: e.entity_code,
                    detail: e.detail,
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                };
                prev = hash;
                ev
            })
            .collect()
    }

    #[test]
    fn intact_chain_verifies() {
        assert_eq!(verify_chain(&chain(5)), Ok(()));
    }

    #[test]
    fn altered_or_removed_event_is_found() {
        let mut c = chain(5);
        c[2].detail = "{\"value\":1}".into();
        assert_eq!(verify_chain(&c), Err(ChainError::Altered { id: 3 }));
        let mut c = chain(5);
        c.remove(1);
        assert_eq!(verify_chain(&c), Err(ChainError::Broken { id: 3 }));
    }

    #[test]
    fn an_anchor_catches_the_newest_events_deleted() {
        let events = chain(5);
        let anchor = anchor_of(&events).unwrap();
        assert_eq!(anchor.id, 5);
        assert_eq!(anchor.to_string().parse::<Anchor>(), Ok(anchor.clone()));
        assert_eq!(verify_against(&events, &anchor), Ok(()));
        // Later events are fine; losing the anchored ones is not, though the rest of the
        // chain is still consistent.
        let shorter = &events[..3];
        assert_eq!(verify_chain(shorter), Ok(()));
        assert_eq!(
            verify_against(shorter, &anchor),
            Err(ChainError::AnchorLost { id: 5 })
        );
        let older = anchor_of(shorter).unwrap();
        assert_eq!(verify_against(&events, &older), Ok(()));
        assert!("5:abc".parse::<Anchor>().is_err());
        assert!("x:y".parse::<Anchor>().is_err());
    }
}
