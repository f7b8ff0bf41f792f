//! The AI red-team questions, from the code that calls a model.
//!
//! - `ai-prompt-injection`: "yes" (high) when a system prompt — the instructions the
//!   model is told to follow — is built from what the caller sent: a name taken from
//!   the request body, a form field or a server action's argument appears inside the
//!   system prompt's template or concatenation. The caller can then rewrite the
//!   instructions. (User text in *user* messages is how chat works and is not
//!   flagged.)
//! - `ai-unsafe-tool-use`: "yes" (high) when the model's output (the completion text,
//!   a generated object) is run as code, a shell command or raw SQL (`eval`,
//!   `new Function`, `exec`, `$queryRawUnsafe`, `pool.query(text)`,
//!   `cursor.execute(text)`).
//!
//! Names are followed within one file, two assignments deep. Never "no": the absence
//! of these two shapes is not the absence of injection.

use std::collections::BTreeSet;

use super::Context;
use crate::catalog::assess::Answer;
use crate::catalog::project::{Lang, ProjectRules};
use crate::project::code::CodeFile;
use crate::project::endpoints::Kind;
use crate::project::evidence::{Citation, Confidence, Evidence};

pub fn detect(ctx: &Context<'_>) -> Vec<Evidence> {
    let p = &ctx.p;
    let (mut injected, mut executed) = (Vec::new(), Vec::new());
    for (i, f) in ctx.code.files.iter().enumerate() {
        if !matches!(f.lang, Lang::Js | Lang::Py) || !f.has(p.ai_call) || !f.has(p.ai_sdk_import) {
            continue;
        }
        let mut tainted = request_names(ctx, i, f);
        spread(f, &mut tainted);
        for line in f.lines_of(p.system_prompt) {
            let text = prompt_text(f, line, p.system_prompt);
            if let Some(name) = refers_to(&text, &tainted, f.lang) {
                injected.push(Citation::new(
                    f.path.clone(),
                    line,
                    format!("the system prompt includes `{name}`, which the caller sends"),
                ));
            }
        }
        let mut outputs = BTreeSet::new();
        let mut first_output = u32::MAX;
        for line in f.lines_of(p.ai_output) {
            if let Some(names) = declared(f.line(line), f.lang) {
                outputs.extend(names);
                first_output = first_output.min(line);
            }
        }
        spread(f, &mut outputs);
        for line in f.lines_of(p.code_sink).filter(|&l| l > first_output) {
            if let Some(name) = words(f.line(line))
                .into_iter()
                .find(|w| outputs.contains(w))
            {
                executed.push(Citation::new(
                    f.path.clone(),
                    line,
                    format!("model output `{name}` is run as code or SQL"),
                ));
            }
        }
    }
    let mut out = Vec::new();
    if !injected.is_empty() {
        out.push(Evidence::new(
            "ai-prompt",
            "ai-prompt-injection",
            Answer::Yes,
            Confidence::High,
            "What a user sends is written into the AI's system prompt: a user can rewrite what the AI is told to do.",
            injected,
        ));
    }
    if !executed.is_empty() {
        out.push(Evidence::new(
            "ai-output",
            "ai-unsafe-tool-use",
            Answer::Yes,
            Confidence::High,
            "The AI's answer is run as code or a database query with no person or permission check in between.",
            executed,
        ));
    }
    out
}

/// Names that hold what the caller sent: declared from a body read, a form field,
/// or a server action's / Python route's parameters.
fn request_names(ctx: &Context<'_>, i: usize, f: &CodeFile) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for line in f.lines_of(ctx.p.body_read) {
        if let Some(declared) = declared(f.line(line), f.lang) {
            names.extend(declared);
        }
    }
    for (e, _) in ctx.endpoints.iter().filter(|(e, _)| e.file == i) {
        let params_of = match (e.kind, f.lang) {
            (Kind::ServerAction, _) => Some(e.line),
            (Kind::PythonRoute, Lang::Py) => (e.line..f.end()).find(|&l| {
                f.line(l).trim_start().starts_with("def ")
                    || f.line(l).trim_start().starts_with("async def ")
            }),
            _ => None,
        };
        if let Some(l) = params_of {
            names.extend(parameters(f.line(l)));
        }
    }
    names
}

/// Parameter names of a signature line, leaving out injected services.
fn parameters(line: &str) -> Vec<String> {
    let Some(open) = line.find('(') else {
        return Vec::new();
    };
    let close = line.rfind(')').unwrap_or(line.len());
    line.get(open + 1..close)
        .unwrap_or("")
        .split(',')
        .filter(|p| !p.contains("Depends") && !p.contains("Session") && !p.contains("Request"))
        .map(|p| {
            p.split([':', '='])
                .next()
                .unwrap_or("")
                .trim()
                .trim_start_matches('*')
                .to_owned()
        })
        .filter(|n| {
            !n.is_empty()
                && !matches!(
                    n.as_str(),
                    "self" | "session" | "db" | "current_user" | "request" | "req" | "res" | "ctx"
                )
        })
        .collect()
}

/// Adds the names declared from an already-followed name, twice over.
fn spread(f: &CodeFile, names: &mut BTreeSet<String>) {
    for _ in 0..2 {
        let mut more = Vec::new();
        for line in &f.lines {
            let Some(at) = assignment(line) else { continue };
            let rhs = &line[at + 1..];
            if words(rhs).iter().any(|w| names.contains(w)) {
                if let Some(declared) = declared(line, f.lang) {
                    more.extend(declared);
                }
            }
        }
        names.extend(more);
    }
}

/// The names a declaration line declares: `const { a, b: c } = …` → a, c;
/// `let x = …` → x; Python `x = …` → x.
fn declared(line: &str, lang: Lang) -> Option<Vec<String>> {
    let lhs = &line[..assignment(line)?];
    let lhs = lhs.trim();
    let lhs = match lang {
        Lang::Py => lhs,
        _ => lhs
            .strip_prefix("const ")
            .or_else(|| lhs.strip_prefix("let "))
            .or_else(|| lhs.strip_prefix("var "))?,
    };
    let lhs = lhs.trim();
    let inner = lhs
        .strip_prefix('{')
        .and_then(|l| l.strip_suffix('}'))
        .or_else(|| lhs.strip_prefix('[').and_then(|l| l.strip_suffix(']')));
    let names: Vec<String> = match inner {
        Some(list) => list
            .split(',')
            .map(|part| {
                let part = part.split('=').next().unwrap_or("").trim();
                part.rsplit(':').next().unwrap_or("").trim().to_owned()
            })
            .collect(),
        None => vec![lhs.split(':').next().unwrap_or("").trim().to_owned()],
    };
    let names: Vec<String> = names
        .into_iter()
        .filter(|n| {
            !n.is_empty()
                && n.chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
        })
        .collect();
    (!names.is_empty()).then_some(names)
}

/// The position of a line's assignment `=` (outside brackets; not `==`, `=>`, `<=`…).
fn assignment(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut depth = 0i32;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'{' | b'[' | b'(' => depth += 1,
            b'}' | b']' | b')' => depth -= 1,
            b'=' if depth == 0 => {
                let prev = i.checked_sub(1).map(|j| bytes[j]);
                let next = bytes.get(i + 1).copied();
                let compound = matches!(prev, Some(b'=' | b'!' | b'<' | b'>'));
                if !compound && !matches!(next, Some(b'=' | b'>')) {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// The identifiers of a piece of code.
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut after_dot = false;
    let mut prev = ' ';
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_alphanumeric() || c == '_' || c == '$' {
            current.push(c);
        } else {
            if !current.is_empty()
                && !after_dot
                && !current.starts_with(|d: char| d.is_ascii_digit())
            {
                out.push(std::mem::take(&mut current));
            }
            current.clear();
            after_dot = c == '.' && prev != '.';
        }
        prev = c;
    }
    out
}

/// The text of the system prompt that starts on `line`: a template literal (all its
/// lines), a triple-quoted string, or the rest of the line; an identifier is followed
/// to its declaration in the file.
fn prompt_text(f: &CodeFile, line: u32, pattern: usize) -> String {
    let text = f.line(line);
    let rules = ProjectRules::built_in();
    let at = rules.patterns()[pattern]
        .regexes
        .get(&f.lang)
        .and_then(|r| r.find(text))
        .map_or(0, |m| m.start());
    let seg = &text[at..];
    // `role: 'system', content: …` names its value after `content`; `system: …`,
    // `systemPrompt = …`, `SystemMessage(content=…)` after the first `:` or `=`.
    let trim = |s: &'_ str| -> String {
        s.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, ':' | '=' | ',' | '"' | '\'')
        })
        .to_owned()
    };
    if seg.trim_start_matches(['"', '\'']).starts_with("role") {
        // The content may be on this line or one of the next few.
        for n in line..f.end().min(line + 4) {
            let l = if n == line { seg } else { f.line(n) };
            if let Some(i) = l.find("content") {
                return value_text(f, n, &trim(&l[i + "content".len()..]));
            }
        }
        return String::new();
    }
    let after_key = seg.find([':', '=']).map_or(seg, |i| &seg[i..]);
    value_text(f, line, &trim(after_key))
}

/// The text of a value starting with `rest` on `line`: a template literal or a
/// triple-quoted string with all its lines, an identifier followed to its
/// declaration, or the rest of the line.
fn value_text(f: &CodeFile, line: u32, rest: &str) -> String {
    let mut collected = String::new();
    let opener = if f.lang == Lang::Py {
        ["\"\"\"", "'''"].into_iter().find(|q| rest.contains(q))
    } else {
        rest.contains('`').then_some("`")
    };
    if let Some(q) = opener {
        let first = &rest[rest.find(q).unwrap_or(0) + q.len()..];
        collected.push_str(first);
        if !first.contains(q) {
            for n in line + 1..f.end().min(line + 80) {
                collected.push('\n');
                collected.push_str(f.line(n));
                if f.line(n).contains(q) {
                    break;
                }
            }
        }
        return collected;
    }
    let ident: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    let bare = !ident.is_empty()
        && rest[ident.len()..]
            .trim_start()
            .starts_with([',', '}', ')'])
        || rest.trim_end() == ident;
    if bare && !ident.is_empty() {
        if let Some(def) = (1..f.end()).find(|&n| {
            declared(f.line(n), f.lang).is_some_and(|names| names.contains(&ident)) && n != line
        }) {
            let def_line = f.line(def);
            let rhs = assignment(def_line).map_or("", |at| &def_line[at + 1..]);
            let mut text = rhs.to_owned();
            if rhs.contains('`') && rhs.matches('`').count() == 1 {
                for n in def + 1..f.end().min(def + 80) {
                    text.push('\n');
                    text.push_str(f.line(n));
                    if f.line(n).contains('`') {
                        break;
                    }
                }
            }
            return text;
        }
    }
    rest.to_owned()
}

/// The first caller-sent name the prompt text interpolates or concatenates.
fn refers_to(text: &str, tainted: &BTreeSet<String>, lang: Lang) -> Option<String> {
    let mut pieces: Vec<&str> = Vec::new();
    let (open, close) = if lang == Lang::Py {
        ("{", "}")
    } else {
        ("${", "}")
    };
    let mut rest = text;
    while let Some(at) = rest.find(open) {
        let after = &rest[at + open.len()..];
        let end = after.find(close).unwrap_or(after.len());
        pieces.push(&after[..end]);
        rest = &after[end..];
    }
    for part in text.split('+').skip(1) {
        pieces.push(part);
    }
    if lang == Lang::Py {
        if let Some(args) = text.split(".format(").nth(1) {
            pieces.push(args);
        }
    }
    for piece in pieces {
        if piece.contains("req.body") || piece.contains("request.body") {
            return Some("req.body".into());
        }
        if let Some(w) = words(piece).into_iter().find(|w| tainted.contains(w)) {
            return Some(w);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::testing::{answers, build};
    use super::*;

    #[test]
    fn request_text_in_a_system_prompt() {
        let b = build(&[(
            "app/api/chat/route.ts",
            "import OpenAI from 'openai';\nexport async function POST(req: Request) {\n  const { question, tone } = await req.json();\n  const style = tone.trim();\n  const completion = await openai.chat.completions.create({\n    model: 'gpt-4o',\n    messages: [\n      { role: 'system', content: `You are a support bot.\nAnswer in a ${style} tone.` },\n      { role: 'user', content: question },\n    ],\n  });\n}\n",
        )]);
        let items = detect(&b.ctx());
        assert_eq!(
            answers(&items),
            [("ai-prompt-injection".into(), "yes", true)]
        );
        assert_eq!(items[0].citations[0].line, 8);
        assert!(items[0].citations[0].note.contains("`style`"));
    }

    #[test]
    fn user_messages_and_server_values_are_not_injection() {
        let b = build(&[(
            "app/api/chat/route.ts",
            "import { streamText } from 'ai';\nconst company = process.env.COMPANY;\nexport async function POST(req: Request) {\n  const { messages } = await req.json();\n  const { data: { user } } = await supabase.auth.getUser();\n  return streamText({ model, system: `You help ${company} customers like ${user.email}.`, messages });\n}\n",
        )]);
        assert!(detect(&b.ctx()).is_empty());
    }

    #[test]
    fn actions_python_and_prompt_variables() {
        let action = build(&[(
            "app/actions.ts",
            "'use server';\nimport Anthropic from '@anthropic-ai/sdk';\nexport async function summarise(notes: string, audience: string) {\n  const systemPrompt = `Summarise for ${audience}.`;\n  return anthropic.messages.create({ model: 'x', system: systemPrompt, messages: [{ role: 'user', content: notes }] });\n}\n",
        )]);
        assert_eq!(
            answers(&detect(&action.ctx())),
            [("ai-prompt-injection".into(), "yes", true)]
        );
        let py = build(&[(
            "api/chat.py",
            "from openai import OpenAI\n\n@app.post('/chat')\nasync def chat(body: ChatIn):\n    persona = body.persona\n    resp = client.chat.completions.create(model='gpt-4o', messages=[\n        {\"role\": \"system\", \"content\": f\"You are {persona}.\"},\n        {\"role\": \"user\", \"content\": body.message},\n    ])\n",
        )]);
        assert_eq!(
            answers(&detect(&py.ctx())),
            [("ai-prompt-injection".into(), "yes", true)]
        );
    }

    #[test]
    fn model_output_run_as_sql() {
        let b = build(&[(
            "server/ask.ts",
            "import OpenAI from 'openai';\nexport async function ask(q: string) {\n  const completion = await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: q }] });\n  const sql = completion.choices[0].message.content;\n  const query = sql.trim();\n  return pool.query(query);\n}\n",
        )]);
        let items = detect(&b.ctx());
        assert_eq!(
            answers(&items),
            [("ai-unsafe-tool-use".into(), "yes", true)]
        );
        assert_eq!(items[0].citations[0].line, 6);
        let safe = build(&[(
            "server/ask.ts",
            "import OpenAI from 'openai';\nexport async function ask(q: string) {\n  const completion = await openai.chat.completions.create({ model: 'gpt-4o', messages: [] });\n  const answer = completion.choices[0].message.content;\n  await pool.query(sql, [userId]);\n  return answer;\n}\n",
        )]);
        assert!(detect(&safe.ctx()).is_empty());
    }

    #[test]
    fn declarations_and_words() {
        assert_eq!(
            declared("const { a, b: c, d = 1 } = x", Lang::Js).unwrap(),
            ["a", "c", "d"]
        );
        assert_eq!(declared("  let sql = y;", Lang::Js).unwrap(), ["sql"]);
        assert_eq!(declared("x == y", Lang::Js), None);
        assert_eq!(
            declared("persona = body.persona", Lang::Py).unwrap(),
            ["persona"]
        );
        assert_eq!(words("a.b + c(d.e) 3x"), ["a", "c", "d"]);
        assert_eq!(
            parameters("async def chat(body: ChatIn, session: SessionDep, q: str = None):"),
            ["body", "q"]
        );
    }
}
