//! YAML front matter (`---` … `---` at the top of a Jekyll post): the fields recapgraph reads.

use serde::{Deserialize, Serialize};
use serde_yaml_ng::Value;

use super::Diagnostic;

/// The front-matter fields recapgraph uses; everything else is ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrontMatter {
    /// True when the file had a front-matter block at all.
    pub present: bool,
    /// `layout` (its presence marks a Jekyll post).
    pub layout: Option<String>,
    /// `title`
    pub title: Option<String>,
    /// `date`, as written (may carry a time).
    pub date: Option<String>,
    /// `author` (a string, or the `name` of a map).
    pub author: Option<String>,
    /// `tags` (list or space-separated string).
    pub tags: Vec<String>,
    /// `categories` / `category`.
    pub categories: Vec<String>,
}

/// Splits front matter from the body.
///
/// Returns the front matter, the body, the 1-based line the body starts on, and a
/// diagnostic when the YAML is broken (its line and column relative to the file).
pub(crate) fn split(text: &str) -> (FrontMatter, &str, usize, Option<Diagnostic>) {
    let Some(first_end) = text.find('\n') else {
        return (FrontMatter::default(), text, 1, None);
    };
    if text[..first_end].trim_end() != "---" {
        return (FrontMatter::default(), text, 1, None);
    }
    let rest = &text[first_end + 1..];
    // Find the closing line: "---" or "..." alone on a line.
    let mut offset = 0;
    let mut end = None;
    for line in rest.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            end = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((yaml_end, body_start)) = end else {
        // An opening rule with no closing one is a thematic break, not front matter.
        return (FrontMatter::default(), text, 1, None);
    };
    let yaml = &rest[..yaml_end];
    let body = &rest[body_start..];
    let body_line = 2 + rest[..body_start].matches('\n').count();
    let mut fm = FrontMatter {
        present: true,
        ..FrontMatter::default()
    };
    if yaml.trim().is_empty() {
        return (fm, body, body_line, None);
    }
    match serde_yaml_ng::from_str::<Value>(yaml) {
        Ok(Value::Mapping(map)) => {
            let get = |key: &str| map.get(Value::String(key.to_owned()));
            fm.layout = get("layout").and_then(scalar);
            fm.title = get("title").and_then(scalar);
            fm.date = get("date").and_then(scalar);
            fm.author = get("author").and_then(|v| match v {
                Value::Mapping(m) => m.get(Value::String("name".into())).and_then(scalar),
                Value::Sequence(s) => s.first().and_then(scalar),
                other => scalar(other),
            });
            fm.tags = get("tags").map(list).unwrap_or_default();
            fm.categories = get("categories")
                .or_else(|| get("category"))
                .map(list)
                .unwrap_or_default();
            (fm, body, body_line, None)
        }
        Ok(Value::Null) => (fm, body, body_line, None),
        Ok(_) => (
            fm,
            body,
            body_line,
            Some(Diagnostic {
                line: Some(2),
                message: "front matter is not a YAML mapping of keys to values".into(),
                fatal: true,
            }),
        ),
        Err(e) => {
            let line = e.location().map(|l| l.line() + 1);
            let column = e.location().map_or(0, |l| l.column());
            let mut message = e.to_string();
            if let Some(pos) = message.find(" at line ") {
                message.truncate(pos);
            }
            (
                fm,
                body,
                body_line,
                Some(Diagnostic {
                    line,
                    message: format!("broken YAML front matter (column {column}): {message}"),
                    fatal: true,
                }),
            )
        }
    }
}

fn scalar(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Tagged(t) => return scalar(&t.value),
        _ => return None,
    };
    let s = s.trim().to_owned();
    (!s.is_empty()).then_some(s)
}

fn list(v: &Value) -> Vec<String> {
    match v {
        Value::Sequence(items) => items.iter().filter_map(scalar).collect(),
        Value::String(s) => s.split_whitespace().map(str::to_owned).collect(),
        other => scalar(other).into_iter().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_jekyll_fields() {
        let (fm, body, line, diag) = split(
            "---\nlayout: post\ntitle: Hello: world\ndate: 2013-04-01 10:00\nauthor: {name: Ann}\ntags: [a, b]\ncategories: x y\n---\n# Body\n",
        );
        assert!(diag.is_some(), "unquoted colon in a title is broken YAML");
        assert!(fm.present);
        assert_eq!(body, "# Body\n");
        assert_eq!(line, 9);

        let (fm, _, _, diag) = split(
            "---\ntitle: \"Hello\"\ndate: 2013-04-01 10:00\nauthor: {name: Ann}\ntags: [a, b]\ncategories: x y\n---\n",
        );
        assert!(diag.is_none());
        assert_eq!(fm.title.as_deref(), Some("Hello"));
        assert_eq!(fm.date.as_deref(), Some("2013-04-01 10:00"));
        assert_eq!(fm.author.as_deref(), Some("Ann"));
        assert_eq!(fm.tags, ["a", "b"]);
        assert_eq!(fm.categories, ["x", "y"]);
    }

    #[test]
    fn broken_yaml_names_line() {
        let (_, _, _, diag) = split("---\ntitle: ok\ntags: [a, b\n---\nbody\n");
        let diag = diag.unwrap();
        assert!(diag.line.is_some_and(|l| l >= 3), "{diag:?}");
    }

    #[test]
    fn no_closing_rule_is_not_front_matter() {
        let (fm, body, line, _) = split("---\njust a rule\n");
        assert!(!fm.present);
        assert_eq!(body, "---\njust a rule\n");
        assert_eq!(line, 1);
    }
}
