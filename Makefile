# tidings: build, run, test and install. `make help` lists the targets.
JAR     := target/tidings.jar
# Class-data sharing (AppCDS): classes mapped from an archive instead of loaded and verified, and
# the client compiler only: a command lasts a second, long before the server compiler would pay off.
# The archive is static, dumped from the class list of a training run: JDK 17's dynamic archives
# leave out classes older than Java 6, and picocli's 180 classes are compiled for Java 5 (-130 ms).
# The serial collector: one short-lived process gains nothing from G1's concurrent threads, which
# compete with the sending threads for the cores (a 2,000-message send: -10% wall time, -55% peak RSS).
# A heap that starts small and keeps little free space: the same speed, half the peak RSS again
# (a 2,000-message send: 96 instead of 195 MiB), and memory that grows with what is live, not
# with the collector's slack (a 1,000,000-row dry run under -Xmx128m: 1.48x the RSS of 1,000 rows, was 1.65x).
# But a young generation of 24 MiB, not the ~10 a 32 MiB heap gets: a send allocates ~200 KiB per
# message, and each young collection stops every thread for ~3 ms whatever its size (43 pauses,
# ~100 ms of a 2,000-message send; now 19, and none in a validate): 5% faster for 11 MiB more.
# SQLite's native library, copied out of the jar once: else every run that opens the ledger
# extracts 1 MiB into /tmp and reads it back byte by byte (~60 ms of a send's start-up), and a
# killed run leaves its copy there (see SqliteNativeExport). Its temporary directory is that one
# too: sqlite-jdbc lists it at start to clean up after killed runs (a crowded /tmp: ~20 ms).
JSA     := target/tidings.jsa
CLASSES := target/tidings.classlist
NATIVE  := target/native
GCFLAGS  = -XX:+UseSerialGC -Xms48m -Xmn24m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20
JFLAGS   = -XX:SharedArchiveFile=$(JSA) -XX:TieredStopAtLevel=1 $(GCFLAGS) -Xlog:cds=off -Dorg.sqlite.lib.path=$(NATIVE) -Dorg.sqlite.tmpdir=$(NATIVE)
RUN      = $(JAVA) $(JFLAGS) -jar $(JAR)
PREFIX  ?= $(HOME)/.local
MVN     ?= mvn -B -q
JAVA    ?= java
SAMPLE  := samples/social-learning-2.yaml
LIST    := samples/subscribers.csv
SOURCES := pom.xml $(shell find src/main templates -type f 2>/dev/null)

.PHONY: build run test bench bench-quick install uninstall clean help

# Build the runnable jar, target/tidings.jar, and its class-data-sharing archive (tests are `make test`).
build: $(JAR) $(JSA) $(NATIVE)/.exported

$(JAR): $(SOURCES)
	$(MVN) package -DskipTests

$(CLASSES): $(JAR)
	$(JAVA) -XX:DumpLoadedClassList=$@ -cp $(JAR) dev.tidings.cli.CdsTraining $(SAMPLE) $(LIST) target/cds-training

$(NATIVE)/.exported: $(JAR)
	rm -rf $(NATIVE)
	$(JAVA) -cp $(JAR) dev.tidings.cli.SqliteNativeExport $(NATIVE)
	touch $@

$(JSA): $(CLASSES)
	rm -f $@
	$(JAVA) -Xshare:dump -XX:SharedClassListFile=$(CLASSES) -XX:SharedArchiveFile=$@ -Xlog:cds=off -cp $(JAR) >/dev/null

# The main job on the embedded default: validate the sample digest and list, render it into out/,
# and send it to the sample list through the in-process SMTP sandbox (messages saved in out/sandbox/).
run: build
	$(RUN) validate $(SAMPLE) --subscribers $(LIST)
	$(RUN) render $(SAMPLE) -o out
	$(RUN) send $(SAMPLE) --subscribers $(LIST) --smtp sandbox --yes

# Run every test: unit tests and end-to-end tests of the real command line.
test:
	$(MVN) verify

# Benchmarks against the peers of ../shared/bench, JMH, memory and start-up; writes docs/performance.md (~15 min).
bench: build
	docs/bench/bench.sh

# The same as a quick smoke run before a change lands (N=300, 1 round); writes target/bench/performance-quick.md.
bench-quick: build
	docs/bench/bench.sh --quick

# Install a `tidings` launcher (with its class-data-sharing archive) and bash completion under PREFIX (default ~/.local).
install: build
	install -d $(PREFIX)/bin $(PREFIX)/lib/tidings $(PREFIX)/share/bash-completion/completions
	install -m 0644 $(JAR) $(PREFIX)/lib/tidings/tidings.jar
	rm -rf $(PREFIX)/lib/tidings/native
	$(JAVA) -cp $(PREFIX)/lib/tidings/tidings.jar dev.tidings.cli.SqliteNativeExport $(PREFIX)/lib/tidings/native
	rm -f $(PREFIX)/lib/tidings/tidings.jsa
	$(JAVA) -Xshare:dump -XX:SharedClassListFile=$(CLASSES) -XX:SharedArchiveFile=$(PREFIX)/lib/tidings/tidings.jsa -Xlog:cds=off \
		-cp $(PREFIX)/lib/tidings/tidings.jar >/dev/null
	printf '#!/bin/sh\nlib="%s/lib/tidings"\nexec java -XX:SharedArchiveFile="$$lib/tidings.jsa" -XX:TieredStopAtLevel=1 $(GCFLAGS) -Xlog:cds=off -Dorg.sqlite.lib.path="$$lib/native" -Dorg.sqlite.tmpdir="$$lib/native" $${TIDINGS_JAVA_OPTS:-} -jar "$$lib/tidings.jar" "$$@"\n' "$(PREFIX)" > $(PREFIX)/bin/tidings
	chmod 0755 $(PREFIX)/bin/tidings
	$(JAVA) -cp $(JAR) dev.tidings.cli.Completion > $(PREFIX)/share/bash-completion/completions/tidings
	@echo "installed $(PREFIX)/bin/tidings (bash completion in $(PREFIX)/share/bash-completion/completions)"

# Remove what `make install` put under PREFIX.
uninstall:
	rm -f $(PREFIX)/bin/tidings $(PREFIX)/share/bash-completion/completions/tidings
	rm -rf $(PREFIX)/lib/tidings

# Remove build output and what `make run` wrote.
clean:
	$(MVN) clean
	rm -rf out .tidings samples/.tidings

# List the targets.
help:
	@grep -B1 -E '^[a-z]+:' Makefile | grep -E '^#' | sed 's/^# /  /' ; \
	 grep -E '^[a-z]+:' Makefile | cut -d: -f1 | paste -sd' ' | sed 's/^/  targets: /'
