package simulator_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/conformhq/conform/internal/provider/all"
	"github.com/conformhq/conform/simulator"
)

// A test mounts the simulator's handler and talks to its default sandbox.
func Example() {
	sim, err := simulator.New(simulator.Options{Providers: all.Providers().Simulators(), Seed: 1})
	if err != nil {
		panic(err)
	}
	srv := httptest.NewServer(sim)
	defer srv.Close()

	req, _ := http.NewRequest("POST", srv.URL+"/weavr/login_with_password",
		strings.NewReader(`{"email": "ada@example.com", "password": {"value": "Secret-Passw0rd"}}`))
	req.Header.Set("api-key", "weavr-demo-api-key")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode, resp.Header.Get("request-ref") != "")
	// Output: 200 true
}

// Each test or scenario gets its own sandbox, with generated credentials.
func ExampleSimulator_CreateSandbox() {
	sim, _ := simulator.New(simulator.Options{Providers: all.Providers().Simulators(), NoDefaultSandbox: true})
	sb, err := sim.CreateSandbox([]byte(`weavr: {apiKey: my-key, users: [{email: a@example.com}]}`))
	if err != nil {
		panic(err)
	}
	fmt.Println(strings.HasPrefix(sb.ID, "sbx_"), string(sb.Credentials["weavr"])[:18])
	// Output: true {"apiKey":"my-key"
}
