package conform

import (
	_ "github.com/cucumber/godog"
	_ "github.com/getkin/kin-openapi/openapi3filter"
	_ "github.com/jarcoal/httpmock"
	_ "github.com/nyaruka/phonenumbers"
	_ "github.com/tidwall/gjson"
	_ "gopkg.in/yaml.v3"
)
