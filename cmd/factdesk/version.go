package main

// version is the release, kept equal to FyneApp.toml's by a test.
const version = "0.1.0"
