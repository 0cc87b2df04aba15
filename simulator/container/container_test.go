package container_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	icontainer "github.com/conformhq/conform/internal/container"
	"github.com/conformhq/conform/simulator/container"
)

// image builds the repository's image once for the package's tests, or
// skips them when no Docker engine is reachable (the only reason to skip).
func image(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := icontainer.Available(ctx); err != nil {
		t.Skipf("not run: %v", err)
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	const tag = "conform-test:simulator-container"
	start := time.Now()
	if err := icontainer.BuildImage(ctx, root, tag); err != nil {
		t.Fatalf("building the image: %v", err)
	}
	t.Logf("image built in %s", time.Since(start).Round(time.Millisecond))
	t.Cleanup(func() { _ = exec.Command("docker", "rmi", "-f", tag).Run() })
	return tag
}

// TestImage runs a client's flow against the image through the module:
// Weavr's login with the credentials it hands back, at the base URL it
// hands back; the control API refuses a request without the token; the
// image's HEALTHCHECK turns the container healthy; bad fixtures are an
// error naming the cause, and leave no container behind.
func TestImage(t *testing.T) {
	tag := image(t)

	t.Run("weavr login", func(t *testing.T) {
		start := time.Now()
		sim := container.Run(t, container.Options{Image: tag, Fixtures: `
weavr:
  users:
    - email: ada@example.com
      identity: {type: CONSUMER, id: "110000000000000001"}
`})
		t.Logf("started in %s", time.Since(start).Round(time.Millisecond))
		if got, want := strings.Join(sim.Providers, ","), "fliqa,weavr,fiskil"; got != want {
			t.Errorf("providers %s, want %s", got, want)
		}
		if got := sim.BaseURLs()["weavr"]; got != sim.URL+"/weavr" || sim.BaseURL("weavr") != got {
			t.Errorf("weavr's base URL %q, want %q", got, sim.URL+"/weavr")
		}
		if got := sim.BaseURL("stripe"); got != "" {
			t.Errorf("an unserved provider's base URL is %q, want empty", got)
		}
		w := sim.Credentials.Weavr
		if w.APIKey == "" || len(w.Users) != 1 || w.Users[0].Email != "ada@example.com" || w.Users[0].Password == "" {
			t.Fatalf("weavr credentials not handed back typed: %d users, api key set %v", len(w.Users), w.APIKey != "")
		}
		body, _ := json.Marshal(map[string]any{"email": w.Users[0].Email, "password": map[string]string{"value": w.Users[0].Password}})
		req, _ := http.NewRequest(http.MethodPost, sim.BaseURL("weavr")+"/login_with_password", bytes.NewReader(body))
		req.Header.Set("api-key", w.APIKey)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var login struct{ Token string }
		err = json.NewDecoder(resp.Body).Decode(&login)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || err != nil || login.Token == "" {
			t.Fatalf("login: status %d, token set %v, decode error %v", resp.StatusCode, login.Token != "", err)
		}

		// Beyond loopback the control API wants the token the module gave
		// the container.
		resp, err = http.Get(sim.URL + "/_control/sandboxes")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized && resp.StatusCode != http.StatusForbidden {
			t.Errorf("control API without the token: status %d, want 401 or 403", resp.StatusCode)
		}

		ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
		defer cancel()
		for {
			h, err := sim.Health(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if h == "healthy" {
				t.Logf("healthy after %s", time.Since(start).Round(time.Millisecond))
				break
			}
			if h != "starting" {
				t.Fatalf("health %q, want starting then healthy", h)
			}
			select {
			case <-ctx.Done():
				t.Fatal("the container never turned healthy")
			case <-time.After(time.Second):
			}
		}
	})

	t.Run("walk-throughs", func(t *testing.T) {
		walkThroughs(t, container.Run(t, container.Options{Image: tag}))
	})

	t.Run("bad fixtures", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		sim, err := container.Start(ctx, container.Options{Image: tag, Fixtures: "weavr: {users: 5}"})
		if err == nil {
			_ = sim.Stop(ctx)
			t.Fatal("bad fixtures started a simulator")
		}
		if !strings.Contains(err.Error(), "status 400") {
			t.Errorf("error %q, want the control API's 400", err)
		}
		ps, _ := exec.Command("docker", "ps", "-aq", "--filter", "ancestor="+tag).Output()
		if len(bytes.TrimSpace(ps)) > 0 {
			t.Errorf("a container outlived the failed start: %s", ps)
		}
	})
}

// walkThroughs runs the walk-throughs (docs/walkthroughs.md) as pasted against
// the container (B pointed at it, the control token in the environment, as the
// page says), twice in a row, and checks every status their comments promise.
func walkThroughs(t *testing.T, sim *container.Simulator) {
	for _, tool := range []string{"bash", "curl", "jq"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed: the walk-throughs need it", tool)
		}
	}
	page, err := os.ReadFile("../../docs/walkthroughs.md")
	if err != nil {
		t.Fatal(err)
	}
	var script strings.Builder
	for _, block := range regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllStringSubmatch(string(page), -1) {
		script.WriteString(block[1])
	}
	once := strings.Replace(script.String(), "B=http://127.0.0.1:8080", "B="+sim.URL, 1)
	if once == script.String() {
		t.Fatal("the walk-throughs no longer set B=http://127.0.0.1:8080")
	}
	text := once + "\n" + once
	var want []string
	for _, m := range regexp.MustCompile(`#\s+(\d{3})\b`).FindAllStringSubmatch(text, -1) {
		want = append(want, m[1])
	}
	cmd := exec.Command("bash", "-c", "set -euo pipefail\n"+text)
	cmd.Env = append(os.Environ(), "CONFORM_CONTROL_TOKEN="+sim.ControlToken)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the walk-throughs failed against the image: %v\n%s", err, out)
	}
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if m := regexp.MustCompile(`^(\d{3})\b`).FindStringSubmatch(line); m != nil {
			got = append(got, m[1])
		}
	}
	if len(want) < 16 || strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("statuses %v, the walk-throughs pasted twice promise %v\noutput:\n%s", got, want, out)
	}
}
