package desk

import (
	"strconv"
	"strings"

	"github.com/factdesk/factdesk/annotate"
)

// OrgKeys are the settings of the publishing organisation, in the order
// forms and listings show them.
var OrgKeys = [...]string{"org.name", "org.url", "corrections.url", "methodology"}

// IsOrgKey reports whether key is one of OrgKeys.
func IsOrgKey(key string) bool {
	for _, k := range OrgKeys {
		if k == key {
			return true
		}
	}
	return false
}

// CheckSetting validates one organisation setting, as both the settings
// dialog and `factdesk config set` store it.
func CheckSetting(key, value string) error {
	if strings.ContainsRune(value, 0) {
		return annotate.Errorf(annotate.EINVALID, "%s contains a NUL character", key)
	}
	switch key {
	case "org.name":
		if len(value) > annotate.MaxFieldBytes {
			return annotate.Errorf(annotate.ETOOLARGE, "the organisation name is longer than %d bytes", annotate.MaxFieldBytes)
		}
	case "org.url":
		if value != "" {
			return annotate.ValidateURL("organisation URL", value)
		}
	case "corrections.url":
		if value != "" {
			return annotate.ValidateURL("corrections-policy URL", value)
		}
	case "methodology":
		if len(value) > annotate.MaxNoteBytes {
			return annotate.Errorf(annotate.ETOOLARGE, "the methodology is longer than %d bytes", annotate.MaxNoteBytes)
		}
	default:
		return annotate.Errorf(annotate.EINVALID, "unknown setting %q (want %s)", key, strings.Join(OrgKeys[:], ", "))
	}
	return nil
}

func itoa(n int) string { return strconv.Itoa(n) }
