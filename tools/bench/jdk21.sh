#!/usr/bin/env bash
# A JDK 21 for measurements on a Debian 12 machine, which packages no JDK 21: Debian 13's
# openjdk-21 and the C library it was built against, unpacked (not installed) under a folder and
# started through that C library's own loader. Nothing on the system changes.
#
#   bash tools/bench/jdk21.sh [DIR]      # default DIR: target/jdk21
#   PATH=DIR/bin:$PATH bash tools/bench/round.sh ...         # benchmarks on 21
#   mvn -o test -Djvm=$PWD/DIR/bin/java ...                   # tests on 21 (Surefire wants .../bin/java)
#
# Limits: a program started by that JVM (a test that forks a child JVM, or runs `kill -9` on one)
# cannot start it: the JDK's spawn helper is a plain executable that needs the newer C library.
set -euo pipefail
DIR=$(mkdir -p "${1:-target/jdk21}" && cd "${1:-target/jdk21}" && pwd)
APT="-o Dir::Etc::sourcelist=$DIR/sources.list -o Dir::Etc::sourceparts=- -o Dir::State::Lists=$DIR/lists
     -o Dir::Cache=$DIR/cache -o APT::Sandbox::User=root"
mkdir -p "$DIR/lists/partial" "$DIR/cache/archives/partial" "$DIR/debs"
echo "deb http://deb.debian.org/debian trixie main" > "$DIR/sources.list"
apt-get $APT update -qq
(cd "$DIR/debs" && apt-get $APT download -qq openjdk-21-jre-headless openjdk-21-jdk-headless libc6 zlib1g libgcc-s1 libstdc++6)
for d in "$DIR"/debs/*.deb; do dpkg -x "$d" "$DIR/root"; done

J="$DIR/root/usr/lib/jvm/java-21-openjdk-amd64"
# the package's configuration links point at /etc/java-21-openjdk: point them at the unpacked copy
(cd "$J" && find . -type l -lname '/etc/java-21-openjdk/*' | while read -r link; do
    target=$(readlink "$link"); ln -sfn "$DIR/root$target" "$link"; done)
mkdir -p "$DIR/bin"
LIBS="$DIR/root/usr/lib/x86_64-linux-gnu"
cat > "$DIR/bin/java" <<EOF
#!/bin/sh
exec "$LIBS/ld-linux-x86-64.so.2" --library-path "$LIBS:$J/lib:$J/lib/server" "$J/bin/java" "\$@"
EOF
chmod +x "$DIR/bin/java"
"$DIR/bin/java" -version
