//! A generated `supabase db dump`-style schema, for the access benchmarks
//! (`benches/access.rs` natively, `benches/wasm` in WebAssembly): quoted
//! identifiers, `ALTER TABLE ONLY … ADD CONSTRAINT`, policies, grants for three
//! roles, views, `SECURITY DEFINER` functions with dollar-quoted bodies, comments,
//! table after table until the size asked for.

use std::fmt::Write as _;

/// One table's worth of dump, numbered `i`; about 4 KB.
fn table(out: &mut String, i: usize) {
    let t = format!("\"public\".\"table_{i}\"");
    let _ = write!(
        out,
        "\n\nCREATE TABLE IF NOT EXISTS {t} (\n    \"id\" \"uuid\" DEFAULT \"gen_random_uuid\"() NOT NULL,\n    \"user_id\" \"uuid\" NOT NULL,\n    \"org_id\" \"uuid\",\n    \"title\" \"text\" NOT NULL,\n    \"body\" \"text\",\n    \"status\" \"text\" DEFAULT 'draft'::\"text\" NOT NULL,\n    \"amount\" numeric(12,2),\n    \"created_at\" timestamp with time zone DEFAULT \"now\"() NOT NULL\n);\n\n\nALTER TABLE {t} OWNER TO \"postgres\";\n\n\nCOMMENT ON TABLE {t} IS 'Generated table {i}; it holds; semicolons'';quotes';\n"
    );
    let _ = write!(
        out,
        "\n\nALTER TABLE ONLY {t}\n    ADD CONSTRAINT \"table_{i}_pkey\" PRIMARY KEY (\"id\");\n\n\nALTER TABLE ONLY {t}\n    ADD CONSTRAINT \"table_{i}_user_id_fkey\" FOREIGN KEY (\"user_id\") REFERENCES \"auth\".\"users\"(\"id\") ON DELETE CASCADE;\n\n\nCREATE INDEX \"table_{i}_user_id_idx\" ON {t} USING \"btree\" (\"user_id\");\n"
    );
    let open = if i.is_multiple_of(7) {
        "true"
    } else {
        "(( SELECT \"auth\".\"uid\"() AS \"uid\") = \"user_id\")"
    };
    let _ = write!(
        out,
        "\n\nCREATE POLICY \"Owners read {i}\" ON {t} FOR SELECT TO \"authenticated\" USING ({open});\n\n\nCREATE POLICY \"Owners write {i}\" ON {t} FOR INSERT TO \"authenticated\" WITH CHECK ((( SELECT \"auth\".\"uid\"() AS \"uid\") = \"user_id\"));\n\n\nCREATE POLICY \"Members read {i}\" ON {t} FOR SELECT TO \"authenticated\" USING ((EXISTS ( SELECT 1\n   FROM \"public\".\"memberships\" \"m\"\n  WHERE ((\"m\".\"org_id\" = \"table_{i}\".\"org_id\") AND (\"m\".\"user_id\" = ( SELECT \"auth\".\"uid\"() AS \"uid\"))))));\n"
    );
    if !i.is_multiple_of(11) {
        let _ = write!(out, "\n\nALTER TABLE {t} ENABLE ROW LEVEL SECURITY;\n");
    }
    if i.is_multiple_of(10) {
        let _ = write!(
            out,
            "\n\nCREATE OR REPLACE VIEW \"public\".\"view_{i}\" AS\n SELECT \"a\".\"id\",\n    \"a\".\"title\"\n   FROM (\"public\".\"table_{i}\" \"a\"\n     LEFT JOIN \"public\".\"table_{}\" \"b\" ON ((\"b\".\"user_id\" = \"a\".\"user_id\")));\n",
            i.saturating_sub(1)
        );
    }
    if i.is_multiple_of(5) {
        let _ = write!(
            out,
            "\n\nCREATE OR REPLACE FUNCTION \"public\".\"fn_{i}\"(\"p_id\" \"uuid\") RETURNS SETOF {t}\n    LANGUAGE \"plpgsql\" SECURITY DEFINER\n    SET \"search_path\" TO ''\n    AS $$\nbegin\n  -- a body with ; and 'quotes' and $ signs\n  return query select * from {t} where id = p_id and user_id = auth.uid();\nend;\n$$;\n\n\nALTER FUNCTION \"public\".\"fn_{i}\"(\"p_id\" \"uuid\") OWNER TO \"postgres\";\n"
        );
    }
    for role in ["anon", "authenticated", "service_role"] {
        let _ = write!(out, "\nGRANT ALL ON TABLE {t} TO \"{role}\";");
    }
    out.push('\n');
}

/// A `supabase db dump`-style text of at least `bytes` bytes.
/// A dump of at least `bytes` bytes.
pub fn dump(bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 8192);
    out.push_str("\n\n\nSET statement_timeout = 0;\nSET lock_timeout = 0;\nSET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\nSELECT pg_catalog.set_config('search_path', '', false);\nSET check_function_bodies = false;\nSET default_table_access_method = \"heap\";\n\nCREATE TABLE IF NOT EXISTS \"public\".\"memberships\" (\"org_id\" \"uuid\" NOT NULL, \"user_id\" \"uuid\" NOT NULL);\n");
    let mut i = 0;
    while out.len() < bytes {
        table(&mut out, i);
        i += 1;
    }
    out.push_str("\nRESET ALL;\n");
    out
}
