module example.com/consumer

go 1.26.8

require github.com/conformhq/conform v0.0.0

replace github.com/conformhq/conform => ../../../..
