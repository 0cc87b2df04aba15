package steps

import (
	"regexp"
	"sync"
	"testing"
)

func TestPatternsCompileOnce(t *testing.T) {
	p := newPatterns()
	var wg sync.WaitGroup
	got := make([]any, 8)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i] = p.compile(`^a step with (\d+) things$`)
		}()
	}
	wg.Wait()
	first, ok := got[0].(*regexp.Regexp)
	if !ok || !first.MatchString("a step with 3 things") {
		t.Fatalf("compile = %#v, want the compiled pattern", got[0])
	}
	for i, g := range got {
		if g != first {
			t.Errorf("call %d compiled the pattern again", i)
		}
	}
	re := regexp.MustCompile(`^x$`)
	cases := []struct {
		name string
		p    *patterns
		in   any
	}{
		{name: "a compiled pattern passes through", p: p, in: re},
		{name: "bytes are left to godog", p: p, in: []byte(`^x$`)},
		{name: "no cache leaves a string to godog", p: nil, in: `^x$`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := tc.p.compile(tc.in)
			switch in := tc.in.(type) {
			case string:
				if out != in {
					t.Errorf("compile(%q) = %#v", in, out)
				}
			case *regexp.Regexp:
				if out != in {
					t.Errorf("compile(re) = %#v", out)
				}
			case []byte:
				if b, ok := out.([]byte); !ok || string(b) != string(in) {
					t.Errorf("compile(bytes) = %#v", out)
				}
			}
		})
	}
}

func TestPatternsPanicOnABadPattern(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("a bad pattern did not panic, as godog's Step does")
		}
	}()
	newPatterns().compile(`^(unclosed$`)
}
