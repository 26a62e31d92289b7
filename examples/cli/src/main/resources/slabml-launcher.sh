#!/bin/sh
# Launches the slabml command line from any directory. Uses the class-data archive made when the
# distribution was built (it starts the JVM faster) when this is the Java it was made with.
# JAVA_HOME chooses the Java; SLABML_JAVA_OPTS adds JVM options (for example -Xmx4g).
self=$0
while [ -h "$self" ]; do
  link=$(readlink "$self")
  case $link in
    /*) self=$link ;;
    *) self=$(dirname "$self")/$link ;;
  esac
done
home=$(cd "$(dirname "$self")/.." && pwd -P)

if [ -n "$JAVA_HOME" ]; then
  java=$JAVA_HOME/bin/java
else
  java=$(command -v java) || { echo "slabml: no java on the PATH; install Java 17 or newer, or set JAVA_HOME" >&2; exit 1; }
fi

opts="-XX:+UseSerialGC -XX:-UsePerfData"
# Short verbs finish before the optimising compiler would pay off.
case $1 in
  validate|estimate|stats|status|models|list-jobs|list-models|checkpoints|cancel|pause|resume|delete-model|upload|create|--help|-h|--version|-V|help|"")
    opts="$opts -XX:TieredStopAtLevel=1" ;;
esac
# The tokenizer's table, written when the distribution was built, loads in milliseconds.
opts="$opts -Dslabml.tokenizer.cache=$home/lib"
archive=$home/lib/slabml.jsa
if [ -f "$archive" ] && [ -f "$archive.java" ] && [ "$(readlink -f "$java")" = "$(cat "$archive.java")" ]; then
  opts="$opts -XX:SharedArchiveFile=$archive -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off"
fi

# shellcheck disable=SC2086
exec "$java" $opts $SLABML_JAVA_OPTS -cp "$home/lib/slabml.jar" com.slabstak.slabml.examples.cli.SlabMlCli "$@"
