package fiskil

// The consent and result pages are self-contained (inline style and
// script), so that they work offline and in a headless browser. Their only
// script tells the form it is framed, and posts the outcome to the parent
// window in the Link SDK flow.

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
<form id="consent" method="post" action="{{.Action}}">
<input type="hidden" name="sess_id" value="{{.SessID}}">
<input type="hidden" name="flow" id="flow" value="redirect">
<label for="otp">One-time password sent to your phone (simulated: <code>{{.OTP}}</code>; any other code fails)</label>
<input id="otp" name="otp" value="{{.OTP}}" autocomplete="one-time-code" inputmode="numeric">
<div class="actions">
<button id="approve" class="primary" type="submit" name="decision" value="approve">Approve</button>
<button id="deny" type="submit" name="decision" value="deny">Deny</button>
<button id="cancel" type="submit" name="decision" value="cancel">Cancel</button>
</div>
<div class="actions small">
<button id="ineligible" type="submit" name="decision" value="ineligible">Simulate: not eligible</button>
<button id="upstream" type="submit" name="decision" value="upstream">Simulate: bank failure</button>
</div>
</form>
<p class="small">This session can be used once.</p>
</main>
<script>if (window.parent !== window) { document.getElementById('flow').value = 'embedded'; }</script>
</body></html>
`

const resultHTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Fiskil (simulated): {{.Title}}</title>` + pageStyle + `</head>
<body><main data-page="result" data-outcome="{{.Outcome}}" data-error-type="{{.ErrorType}}" data-consent-id="{{.ConsentID}}">
<h1>{{.Title}}</h1>
<p>{{.Message}}</p>
{{if .ErrorType}}<p>error_type: <code>{{.ErrorType}}</code></p>{{end}}
{{if .ConsentID}}<p class="small">consent_id: <code>{{.ConsentID}}</code></p>{{end}}
</main>
{{if .LinkMessage}}<script id="fiskil-link-message" type="application/json">{{.LinkMessage}}</script>
<script>
(function () {
  if (window.parent === window) { return; }
  var msg = JSON.parse(document.getElementById('fiskil-link-message').textContent);
  var a = window.location.ancestorOrigins;
  window.parent.postMessage(msg, a && a.length ? a[0] : '*');
})();
</script>{{end}}
</body></html>
`
