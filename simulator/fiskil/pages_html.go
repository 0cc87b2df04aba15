package fiskil

// The consent and result pages are self-contained (inline style, no
// script), so that they work offline and in a headless browser.

const pageStyle = `<style>
body{font-family:system-ui,-apple-system,sans-serif;background:#f4f6fb;color:#1c2333;margin:0}
main{max-width:28rem;margin:4rem auto;background:#fff;border-radius:12px;padding:2rem;box-shadow:0 2px 12px rgba(0,0,0,.08)}
h1{font-size:1.35rem;margin-top:0}
dl{display:grid;grid-template-columns:auto 1fr;gap:.4rem 1rem}
dt{color:#5b6478}
dd{margin:0}
.actions{display:flex;gap:.75rem;margin-top:1.5rem;flex-wrap:wrap}
button{font-size:1rem;padding:.6rem 1.2rem;border-radius:8px;border:1px solid #c8cedb;background:#fff;cursor:pointer}
button.primary{background:#2453ff;border-color:#2453ff;color:#fff}
.small{font-size:.85rem;color:#5b6478}
code{background:#eef1f7;padding:.1rem .3rem;border-radius:4px}
</style>`

const consentHTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Fiskil (simulated): share your data</title>` + pageStyle + `</head>
<body><main data-page="consent">
<h1>Share your banking data?</h1>
<p>An application is asking to access your accounts through Fiskil (simulated by conform).</p>
<dl>
<dt>End user</dt><dd>{{if .EndUser}}{{.EndUser}} {{end}}{{if .Email}}&lt;{{.Email}}&gt;{{end}}</dd>
<dt>Institution</dt><dd>{{if .Institution}}{{.Institution}}{{else}}any of: {{range $i, $n := .Institutions}}{{if $i}}, {{end}}{{$n}}{{end}}{{end}}</dd>
<dt>Expires</dt><dd>{{.ExpiresAt}}</dd>
</dl>
<form method="post" action="{{.Action}}">
<div class="actions">
<button class="primary" type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button>
<button type="submit" name="decision" value="otp_failure" class="small">Simulate OTP failure</button>
</div>
</form>
<p class="small">This session can be used once.</p>
</main></body></html>
`

const resultHTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Fiskil (simulated): {{.Title}}</title>` + pageStyle + `</head>
<body><main data-page="result" data-outcome="{{.Outcome}}" data-error-type="{{.ErrorType}}" data-session-id="{{.SessionID}}">
<h1>{{.Title}}</h1>
<p>{{.Message}}</p>
{{if .ErrorType}}<p>error_type: <code>{{.ErrorType}}</code></p>{{end}}
{{if .SessionID}}<p class="small">session_id: <code>{{.SessionID}}</code></p>{{end}}
</main></body></html>
`
