//! Small helpers shared by several readers.

use std::path::Path;

use crate::ReadOptions;

/// The dataset name: the one the caller chose, else the file stem.
pub(crate) fn dataset_name(path: &Path, options: &ReadOptions) -> String {
    if options.name.is_empty() {
        path.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    } else {
        options.name.clone()
    }
}

/// The first bytes of a file, for error messages: text when printable, hex
/// otherwise.
pub(crate) fn describe_start(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(16)];
    if head
        .iter()
        .all(|b| b.is_ascii_graphic() || matches!(b, b' ' | b'\n' | b'\r' | b'\t'))
    {
        format!("text `{}`", String::from_utf8_lossy(head).escape_debug())
    } else {
        let hex: Vec<String> = head.iter().map(|b| format!("{b:02x}")).collect();
        format!("bytes {}", hex.join(" "))
    }
}

/// The lower-cased extension of `path` (`""` when it has none).
pub(crate) fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dataset_name_falls_back_to_the_file_stem() {
        let path = Path::new("/data/firms.2024.dta");
        assert_eq!(dataset_name(path, &ReadOptions::default()), "firms.2024");
        let named = ReadOptions {
            name: "firms".into(),
            ..ReadOptions::default()
        };
        assert_eq!(dataset_name(path, &named), "firms");
    }

    #[test]
    fn describe_start_shows_text_or_hex() {
        assert_eq!(describe_start(b"id,name\n"), "text `id,name\\n`");
        assert_eq!(describe_start(&[0, 1, 0xff]), "bytes 00 01 ff");
        assert_eq!(describe_start(&[b'a'; 40]).len(), "text ``".len() + 16);
    }

    #[test]
    fn extension_is_lower_cased() {
        assert_eq!(extension(Path::new("a/B.XLSX")), "xlsx");
        assert_eq!(extension(Path::new("a/b")), "");
    }
}
