// Package consumer stands for a module outside conform that tests its own
// provider clients against conform's simulator through conformtest. The
// test conformtest's own test runs (consumer_test.go there) copies this
// module, points its replace at the conform checkout, lists what its tests
// link, runs `go test`, and runs failing_test.go's test, which fails on
// purpose, to see where the failure is reported.
package consumer
