module example.com/consumer

go 1.25.0

require github.com/conformhq/conform v0.0.0

replace github.com/conformhq/conform => ../../../..
