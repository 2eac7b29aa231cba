#!/bin/sh
# Build scra's Apache Jena SHACL runner (src/scra/java/ScraShacl.java) into build/java/.
# Needs Debian's libapache-jena-java (Jena 4.5 jars in /usr/share/java) and a JDK (javac, jar):
#     sudo apt-get install libapache-jena-java default-jdk-headless
# Idempotent: does nothing when build/java is up to date. Exits non-zero with a clear message when a
# prerequisite is missing. Output:
#   build/java/scra-shacl.jar   ScraShacl.class + the Xerces message bundles Jena's shaded Xerces needs (see below)
#   build/java/classpath        the full class path, one line (our jar first, then Debian's jars)
#   build/java/scra-shacl.jsa   a class-data-sharing archive (JVM start ~0.35 s faster; optional)
#
# Why the message bundles: Debian's jena-core 4.5 relocates Jena's shaded Xerces classes to the package
# `xerces.*` but leaves their .properties message bundles under `org/apache/jena/ext/xerces/...`. The XSD
# regex parser then cannot load `xerces.impl.xpath.regex.message`, building the built-in XSD types fails and
# Jena dies at start with "RuntimeException: internal error" in XSSimpleTypeDecl.applyFacets1. We copy the
# bundles from the installed jena-core.jar to the package the classes expect (no other change to Jena).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SRC="$ROOT/src/scra/java/ScraShacl.java"
OUT="$ROOT/build/java"
JAVA_DIR=${SCRA_JAVA_DIR:-/usr/share/java}

die() { echo "build-jena: $*" >&2; exit 1; }

for tool in java javac jar; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found: install a JDK >= 11 (Debian/Ubuntu: sudo apt-get install default-jdk-headless)"
done

# Jars needed at run time (Debian package names in brackets). Required ones are checked; optional ones are
# used when present (they back parsers scra does not hand to Jena, e.g. JSON-LD, or optional features).
REQUIRED="jena-base jena-core jena-arq jena-iri jena-shacl slf4j-api slf4j-nop commons-lang3 commons-io commons-codec commons-compress guava"
#         [libapache-jena-java]                         [libslf4j-java] [libcommons-*-java]        [libguava-java]
OPTIONAL="jsonld-java thrift dexx.collection gson jackson-core jackson-databind jackson-annotations httpclient httpcore titanium-json-ld jakarta.json-api commons-csv commons-cli protobuf"

CP=""
for name in $REQUIRED; do
  [ -f "$JAVA_DIR/$name.jar" ] || die "$JAVA_DIR/$name.jar missing: install Apache Jena from Debian (sudo apt-get install libapache-jena-java)"
  CP="$CP:$JAVA_DIR/$name.jar"
done
for name in $OPTIONAL; do
  [ -f "$JAVA_DIR/$name.jar" ] && CP="$CP:$JAVA_DIR/$name.jar"
done
CP="$OUT/scra-shacl.jar$CP"

# Up to date? (same source, same Jena jar, same class path)
FINGERPRINT=$( (cat "$SRC" "$0"; ls -l "$JAVA_DIR/jena-core.jar" "$JAVA_DIR/jena-shacl.jar"; echo "$CP"; java -version 2>&1) | cksum)
if [ -f "$OUT/scra-shacl.jar" ] && [ -f "$OUT/stamp" ] && [ "$(cat "$OUT/stamp")" = "$FINGERPRINT" ]; then
  echo "build-jena: build/java is up to date"
  exit 0
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/classes" "$WORK/core" "$OUT"

javac -nowarn --release 11 -encoding UTF-8 -d "$WORK/classes" -cp "$CP" "$SRC" || die "javac failed on $SRC"

# The repackaging fix: where are the Xerces classes, and where are their message bundles?
CORE="$JAVA_DIR/jena-core.jar"
LIST=$(jar tf "$CORE")
CLASS_PREFIX=$(printf '%s\n' "$LIST" | sed -n 's#impl/dv/xs/XSSimpleTypeDecl\.class$##p' | head -n 1)
BUNDLE_PREFIX=$(printf '%s\n' "$LIST" | sed -n 's#impl/msg/XMLSchemaMessages\.properties$##p' | head -n 1)
[ -n "$CLASS_PREFIX" ] || die "no Xerces XSSimpleTypeDecl in $CORE: unexpected Jena build"
if [ -n "$BUNDLE_PREFIX" ] && [ "$CLASS_PREFIX" != "$BUNDLE_PREFIX" ]; then
  (cd "$WORK/core" && jar xf "$CORE" "${BUNDLE_PREFIX}impl/msg" "${BUNDLE_PREFIX}impl/xpath/regex")
  mkdir -p "$WORK/classes/${CLASS_PREFIX}impl/xpath"
  cp -R "$WORK/core/${BUNDLE_PREFIX}impl/msg" "$WORK/classes/${CLASS_PREFIX}impl/"
  cp -R "$WORK/core/${BUNDLE_PREFIX}impl/xpath/regex" "$WORK/classes/${CLASS_PREFIX}impl/xpath/"
  echo "build-jena: relocated Xerces message bundles ${BUNDLE_PREFIX}impl/{msg,xpath/regex} -> ${CLASS_PREFIX}impl/ (Debian Jena packaging fix)"
fi

rm -f "$OUT/scra-shacl.jar" "$OUT/scra-shacl.jsa" "$OUT/stamp"
jar cf "$OUT/scra-shacl.jar" -C "$WORK/classes" .
printf '%s\n' "$CP" > "$OUT/classpath"

# Smoke test: an ill-typed xsd:integer must be reported (this is what dies without the fix).
cat > "$WORK/shapes.ttl" <<'TTL'
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<urn:s> a sh:NodeShape ; sh:targetNode <urn:x> ; sh:property [ sh:path <urn:p> ; sh:datatype xsd:integer ; sh:pattern "^[0-9]+$" ] .
TTL
printf '<urn:x> <urn:p> "12a"^^<http://www.w3.org/2001/XMLSchema#integer> .\n' > "$WORK/data.nt"
: > "$WORK/closure.nt"
if ! java -cp "$CP" ScraShacl "$WORK/shapes.ttl" "$WORK/closure.nt" "$WORK/data.nt" > "$WORK/report.nt" 2> "$WORK/err"; then
  rm -f "$OUT/scra-shacl.jar"
  die "smoke test failed: $(head -c 600 "$WORK/err")"
fi
grep -q 'DatatypeConstraintComponent' "$WORK/report.nt" || { rm -f "$OUT/scra-shacl.jar"; die "smoke test: expected a sh:datatype result"; }

# Class-data sharing archive (optional: only speeds up JVM start).
java -XX:ArchiveClassesAtExit="$OUT/scra-shacl.jsa" -Xlog:disable -Xlog:all=error:stderr -cp "$CP" \
     ScraShacl "$WORK/shapes.ttl" "$WORK/closure.nt" "$WORK/data.nt" > /dev/null 2>&1 || rm -f "$OUT/scra-shacl.jsa"

printf '%s\n' "$FINGERPRINT" > "$OUT/stamp"
echo "build-jena: built $OUT/scra-shacl.jar (Apache Jena $(dpkg-query -W -f="\${Version}" libapache-jena-java 2>/dev/null || echo "?"))"
