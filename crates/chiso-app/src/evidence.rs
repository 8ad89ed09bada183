//! Evidence for reported data: files a unit attaches to its submission for a period or to
//! one value. Size-limited; the type is told from the file's first bytes (never from its
//! name alone) and must be a document, image or spreadsheet; the name is cleaned of paths
//! and control characters. Every upload is audited with the file's SHA-256.

use crate::auth::{audit, require};
use crate::{App, AppResult, ErrorKind, Problem, now};
use chiso_core::access::{Action, Principal, may_write_value};
use chiso_core::period::Period;
use chiso_store::EvidenceRow;
use sha2::{Digest, Sha256};

/// Largest evidence file (bytes).
pub const MAX_EVIDENCE_BYTES: usize = 10 * 1024 * 1024;

/// The MIME type of an accepted file, from its first bytes and (for zip-based office files)
/// its extension; `None` for anything else.
pub fn evidence_type(name: &str, bytes: &[u8]) -> Option<&'static str> {
    let lower = name.to_lowercase();
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(b"\xFF\xD8\xFF") {
        Some("image/jpeg")
    } else if bytes.starts_with(b"PK\x03\x04") {
        if lower.ends_with(".xlsx") {
            Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        } else if lower.ends_with(".docx") {
            Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        } else if lower.ends_with(".ods") {
            Some("application/vnd.oasis.opendocument.spreadsheet")
        } else if lower.ends_with(".odt") {
            Some("application/vnd.oasis.opendocument.text")
        } else {
            None
        }
    } else {
        None
    }
}

/// A file name without directories or control characters, at most 120 characters.
pub fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = chiso_core::text::nfc(base.trim())
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>' | '|' | ':' | '*' | '?'))
        .take(120)
        .collect();
    if cleaned.trim().is_empty() {
        "tep".into()
    } else {
        cleaned
    }
}

/// A file checked for upload: not empty, within [`MAX_EVIDENCE_BYTES`], of an accepted type
/// (from its bytes); returns its cleaned name, its type and its SHA-256 (hex).
///
/// # Errors
/// `evidence.empty`, `evidence.too_large` or `evidence.type`, on the field `file`.
pub(crate) fn checked_file(
    file_name: &str,
    bytes: &[u8],
) -> Result<(String, &'static str, String), Problem> {
    if bytes.is_empty() {
        return Err(Problem::invalid("evidence.empty").field("file"));
    }
    if bytes.len() > MAX_EVIDENCE_BYTES {
        return Err(Problem::invalid("evidence.too_large")
            .field("file")
            .arg("max_mb", MAX_EVIDENCE_BYTES / (1024 * 1024)));
    }
    let name = clean_file_name(file_name);
    let content_type = evidence_type(&name, bytes).ok_or_else(|| {
        Problem::invalid("evidence.type")
            .field("file")
            .arg("name", &name)
    })?;
    Ok((name, content_type, hex::encode(Sha256::digest(bytes))))
}

impl App {
    /// Attaches a file to `unit`'s submission for `period`, or to one value when
    /// `indicator` is given. The caller must be able to write that data.
    ///
    /// # Errors
    /// No right, unknown codes, an empty or too large file, or a type not accepted.
    pub async fn attach_evidence(
        &self,
        who: &Principal,
        unit: &str,
        period: Period,
        indicator: Option<&str>,
        file_name: &str,
        bytes: &[u8],
    ) -> AppResult<i64> {
        let tree = self.tree();
        let u = self.org_unit(unit.trim())?;
        let indicator_id = match indicator.map(str::trim).filter(|c| !c.is_empty()) {
            Some(code) => {
                let ind = self.indicator(code).await?.indicator;
                if !may_write_value(
                    who,
                    &tree,
                    ind.sheet.owner_id,
                    ind.sheet.reporting_level,
                    u.id,
                ) {
                    return Err(Problem::new(ErrorKind::Forbidden, "forbidden").into());
                }
                Some(ind.id)
            }
            None => {
                require(who, Action::WriteData, u.id, &tree)?;
                None
            }
        };
        let (name, content_type, sha256) = checked_file(file_name, bytes)?;
        let row = EvidenceRow {
            id: 0,
            org_unit_id: u.id,
            period,
            indicator_id,
            file_name: name.clone(),
            content_type: content_type.into(),
            size: bytes.len() as i64,
            sha256: sha256.clone(),
            uploaded_by: Some(who.user_id),
            uploaded_at: now(),
        };
        let mut tx = self.store.begin().await?;
        let id = tx.insert_evidence_file(&row, bytes).await?;
        let detail = serde_json::json!({
            "file": name, "sha256": sha256, "size": bytes.len(), "indicator": indicator,
        });
        tx.append_audit(&audit(
            Some(who.user_id),
            "evidence.attach",
            "submission",
            &format!("{}/{period}", u.code),
            &detail.to_string(),
        ))
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The evidence of a unit for a period (readers of the unit).
    ///
    /// # Errors
    /// Unknown unit or no right to read it.
    pub async fn evidence(
        &self,
        who: &Principal,
        unit: &str,
        period: Period,
    ) -> AppResult<Vec<EvidenceRow>> {
        let tree = self.tree();
        let u = self.org_unit(unit.trim())?;
        require(who, Action::ReadData, u.id, &tree)?;
        Ok(self.store.evidence_files(u.id, period).await?)
    }

    /// One evidence file with its content (readers of its unit).
    ///
    /// # Errors
    /// No such file, or no right to read its unit.
    pub async fn evidence_file(
        &self,
        who: &Principal,
        id: i64,
    ) -> AppResult<(EvidenceRow, Vec<u8>)> {
        let tree = self.tree();
        let (row, bytes) = self.store.evidence_file(id).await?.ok_or_else(|| {
            Problem::new(ErrorKind::NotFound, "not_found").arg("what", format!("evidence {id}"))
        })?;
        require(who, Action::ReadData, row.org_unit_id, &tree)?;
        Ok((row, bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_bytes() {
        assert_eq!(
            evidence_type("bao-cao.pdf", b"%PDF-1.7 ..."),
            Some("application/pdf")
        );
        assert_eq!(
            evidence_type("anh.jpg", b"\xFF\xD8\xFF\xE0"),
            Some("image/jpeg")
        );
        assert_eq!(
            evidence_type("renamed.pdf", b"MZ\x90\x00"),
            None,
            "an executable"
        );
        assert_eq!(evidence_type("x.zip", b"PK\x03\x04"), None, "a bare zip");
        assert!(evidence_type("so-lieu.xlsx", b"PK\x03\x04").is_some());
    }

    #[test]
    fn names_lose_paths_and_controls() {
        assert_eq!(
            clean_file_name("C:\\Users\\a\\Biên bản.pdf"),
            "Biên bản.pdf"
        );
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name("a\u{0}b\n.pdf"), "ab.pdf");
        assert_eq!(clean_file_name("///"), "tep");
    }
}
