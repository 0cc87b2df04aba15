// Command refextract regenerates conform's extracts of Weavr's published
// OpenAPI documents (specs/testdata/weavr-official-<version>.yaml). Run it
// from the module root, with shared/ beside the clone:
//
//	go run ./internal/refextract/cmd/refextract [-ref ../shared/reference/weavr] [-root .]
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/conformhq/conform/internal/refextract"
)

func main() {
	ref := flag.String("ref", filepath.Join("..", "shared", "reference", "weavr"), "folder of Weavr's published documents")
	root := flag.String("root", ".", "module root, where the extracts are written")
	flag.Parse()
	for _, src := range refextract.WeavrSources() {
		out, err := refextract.Generate(*ref, src)
		if err == nil {
			err = os.WriteFile(filepath.Join(*root, src.Out), out, 0o644)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "refextract:", err)
			os.Exit(1)
		}
		fmt.Println("wrote", src.Out)
	}
}
