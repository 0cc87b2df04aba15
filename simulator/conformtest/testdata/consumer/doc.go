// Package consumer stands for a module outside conform that tests its own
// provider clients against conform's simulator through conformtest. The
// test conformtest's own test runs (consumer_test.go there) copies this
// module, points its replace at the conform checkout and runs `go test`.
package consumer
