package assets

import "embed"

// Connector is the browser extension of the FactDesk connector (Manifest
// V3, one code base for Chromium and Firefox), under the folder
// "connector"; `factdesk connector --dir DIR` writes it out to load
// unpacked.
//
//go:embed connector
var Connector embed.FS
