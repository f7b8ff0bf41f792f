// Generated fake secrets and inputs for the browser tests. Nothing here is a real key:
// every value is random, made at test time.
import { randomBytes } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function alnum(n) {
  const bytes = randomBytes(n);
  let s = '';
  for (const b of bytes) s += ALNUM[b % ALNUM.length];
  return s;
}

const b64url = (obj) => Buffer.from(JSON.stringify(obj)).toString('base64url');

/** An unsigned-looking JWT with the given payload (the signature is random bytes). */
export function jwt(payload) {
  return `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(payload)}.${randomBytes(32).toString('base64url')}`;
}

export const supabaseRef = () => alnum(20).toLowerCase();

export function supabaseKey(role, ref) {
  return jwt({ iss: 'supabase', ref, role, iat: 1700000000, exp: 2000000000 });
}

export const stripeLiveKey = () => `sk_live_51${alnum(46)}`;

/** A founder's .env with a Supabase service_role key and a Stripe live key. */
export function envFile() {
  const ref = supabaseRef();
  const serviceRole = supabaseKey('service_role', ref);
  const stripe = stripeLiveKey();
  const text = [
    `VITE_SUPABASE_URL=https://${ref}.supabase.co`,
    `VITE_SUPABASE_ANON_KEY=${supabaseKey('anon', ref)}`,
    `SUPABASE_SERVICE_ROLE_KEY=${serviceRole}`,
    `STRIPE_SECRET_KEY=${stripe}`,
    '',
  ].join('\n');
  return { text, serviceRole, stripe };
}

export const expressReflecting = [
  "const express = require('express');",
  "const cors = require('cors');",
  'const app = express();',
  'app.use(cors({ origin: true, credentials: true }));',
  "app.get('/api/invoices', requireUser, listInvoices);",
  '',
].join('\n');

/**
 * A one-line minified bundle of about `bytes` bytes, with `secrets` planted at spread
 * positions (each as a JS string assigned to a key).
 */
export function bundle(bytes, secrets) {
  const pieces = [
    'function a(e,t){return e&&t?e.map(function(n){return n[t]}):[]}',
    'var n=Object.defineProperty,r=(e,t)=>n(e,"name",{value:t,configurable:!0});',
    'const o={apiUrl:"/api/v1",timeout:3e4,retries:3,locale:"en-US"};',
    'export default function Dashboard({user:e}){const[t,s]=useState([]);return h("div",{className:"grid"},t)}',
    'if(typeof window!=="undefined"){window.__APP_VERSION__="4.2.1"}',
    'class Q extends Component{render(){return this.props.children}}',
  ];
  const parts = [];
  let size = 0;
  let i = 0;
  const every = Math.max(1, Math.floor(bytes / ((secrets.length + 1) * 60)));
  let planted = 0;
  while (size < bytes) {
    const p = pieces[i % pieces.length] + `;var _${i.toString(36)}=${i % 97};`;
    parts.push(p);
    size += p.length;
    i++;
    if (planted < secrets.length && i % every === 0) {
      const s = `const k${planted}={key:"${secrets[planted]}"};`;
      parts.push(s);
      size += s.length;
      planted++;
    }
  }
  while (planted < secrets.length) parts.push(`const k${planted}={key:"${secrets[planted++]}"};`);
  return parts.join('');
}

/** A `supabase db dump`-style schema of at least `bytes` bytes: tables with keys,
 * indexes, policies and grants; one table in seven has an always-true read policy
 * on per-user data, and one in eleven never gets row level security. */
export function schemaDump(bytes) {
  const parts = ['SET statement_timeout = 0;\nSELECT pg_catalog.set_config(\'search_path\', \'\', false);\n'];
  let size = parts[0].length;
  for (let i = 0; size < bytes; i++) {
    const t = `"public"."table_${i}"`;
    const using = i % 7 === 0 ? 'true' : '(( SELECT "auth"."uid"() AS "uid") = "user_id")';
    const block = `
CREATE TABLE IF NOT EXISTS ${t} (
    "id" "uuid" DEFAULT "gen_random_uuid"() NOT NULL,
    "user_id" "uuid" NOT NULL,
    "title" "text" NOT NULL,
    "email" "text",
    "created_at" timestamp with time zone DEFAULT "now"() NOT NULL
);
ALTER TABLE ${t} OWNER TO "postgres";
ALTER TABLE ONLY ${t}
    ADD CONSTRAINT "table_${i}_pkey" PRIMARY KEY ("id");
ALTER TABLE ONLY ${t}
    ADD CONSTRAINT "table_${i}_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "auth"."users"("id") ON DELETE CASCADE;
CREATE INDEX "table_${i}_user_id_idx" ON ${t} USING "btree" ("user_id");
CREATE POLICY "Read ${i}" ON ${t} FOR SELECT USING (${using});
CREATE POLICY "Write ${i}" ON ${t} FOR INSERT TO "authenticated" WITH CHECK ((( SELECT "auth"."uid"() AS "uid") = "user_id"));
${i % 11 === 0 ? '' : `ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY;`}
GRANT ALL ON TABLE ${t} TO "anon";
GRANT ALL ON TABLE ${t} TO "authenticated";
GRANT ALL ON TABLE ${t} TO "service_role";
`;
    parts.push(block);
    size += block.length;
  }
  return parts.join('');
}
