#!/bin/sh
# Rebuilds dist/vendor/ from the npm packages pinned in package.json / package-lock.json.
# The Rust build does not run this: dist/ (vendor files included) is committed and embedded
# into the binary with rust-embed. Run it only to update a vendored package:
#   cd crates/server/web && sh build.sh
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
V=dist/vendor
rm -rf "$V"
mkdir -p "$V/images"
cp node_modules/leaflet/dist/leaflet.js "$V/leaflet.js"
cp node_modules/leaflet/dist/leaflet.css "$V/leaflet.css"
cp node_modules/leaflet/dist/images/*.png "$V/images/"
cp node_modules/topojson-client/dist/topojson-client.min.js "$V/topojson-client.min.js"
cp node_modules/world-atlas/countries-110m.json "$V/countries-110m.json"
cp node_modules/leaflet/LICENSE "$V/LICENSE.leaflet"
cp node_modules/topojson-client/LICENSE "$V/LICENSE.topojson-client"
cp node_modules/world-atlas/LICENSE "$V/LICENSE.world-atlas"
echo "vendored into $V:"
ls -l "$V" "$V/images"
