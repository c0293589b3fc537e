# tidings: build, run, test and install. `make help` lists the targets.
JAR     := target/tidings.jar
# How Java is started (class-data sharing, compiler, collector, heap) is the launcher's business:
# src/main/sh/tidings, written to target/tidings here and to PREFIX/bin/tidings by `make install`.
JSA     := target/tidings.jsa
CLASSES := target/tidings.classlist
NATIVE  := target/native
LAUNCHER := target/tidings
RUN      = $(LAUNCHER)
PREFIX  ?= $(HOME)/.local
MVN     ?= mvn -B -q
# Debian's Maven writes ESC[0m to a pipe even with -B (its Jansi resets colours); this JVM flag
# alone stops it, so build logs read by people and CI hold no terminal codes (issue 18).
export MAVEN_OPTS += -Djansi.noreset=true
JAVA    ?= java
SAMPLE  := samples/social-learning-2.yaml
LIST    := samples/subscribers.csv
SOURCES := pom.xml $(shell find src/main/java src/main/resources templates -type f 2>/dev/null)

.PHONY: build run test unit bench bench-quick install uninstall clean help

# Build the runnable jar, target/tidings.jar, its class-data-sharing archive and the launcher target/tidings (tests are `make test`).
build: $(JAR) $(JSA) $(NATIVE)/.exported $(LAUNCHER)

$(JAR): $(SOURCES)
	$(MVN) package -DskipTests

$(CLASSES): $(JAR)
	$(JAVA) -XX:DumpLoadedClassList=$@ -cp $(JAR) dev.tidings.cli.CdsTraining $(SAMPLE) $(LIST) target/cds-training

$(NATIVE)/.exported: $(JAR)
	rm -rf $(NATIVE)
	$(JAVA) -cp $(JAR) dev.tidings.startup.SqliteNativeExport $(NATIVE)
	touch $@

# The jar by its absolute path: the archive records it, and works from any directory.
$(JSA): $(CLASSES)
	rm -f $@
	$(JAVA) -Xshare:dump -XX:SharedClassListFile=$(CLASSES) -XX:SharedArchiveFile=$@ -Xlog:cds=off -cp $(CURDIR)/$(JAR) >/dev/null

$(LAUNCHER): src/main/sh/tidings $(JAR)
	sed 's|@LIB@|$(CURDIR)/target|' $< > $@
	chmod 0755 $@

# The main job on the embedded default: validate the sample digest and list, render it into out/,
# and send it to the sample list through the in-process SMTP sandbox (messages saved in out/sandbox/).
run: build
	$(RUN) validate $(SAMPLE) --subscribers $(LIST)
	$(RUN) render $(SAMPLE) -o out
	$(RUN) send $(SAMPLE) --subscribers $(LIST) --smtp sandbox --yes

# Run every test: the unit tests (*Test, surefire), then the end-to-end tests (*IT, failsafe: real servers, child JVMs, a browser).
test:
	$(MVN) verify

# Run the unit tests alone (*Test: in-process, no servers, no browser; a few minutes).
unit:
	$(MVN) test

# Benchmarks against the peers of ../shared/bench, JMH, memory, start-up, and serve under wrk (installs wrk and nginx when missing); writes docs/performance.md (~12 min).
bench: build
	docs/bench/bench.sh

# The same, as a quick smoke run before a change lands (N=300, 1 round); writes target/bench/performance-quick.md.
bench-quick: build
	docs/bench/bench.sh --quick

# Install a `tidings` launcher (with its class-data-sharing archive) and bash completion under PREFIX (default ~/.local).
install: build
	install -d $(PREFIX)/bin $(PREFIX)/lib/tidings $(PREFIX)/share/bash-completion/completions
	install -m 0644 $(JAR) $(PREFIX)/lib/tidings/tidings.jar
	rm -rf $(PREFIX)/lib/tidings/native
	$(JAVA) -cp $(PREFIX)/lib/tidings/tidings.jar dev.tidings.startup.SqliteNativeExport $(PREFIX)/lib/tidings/native
	rm -f $(PREFIX)/lib/tidings/tidings.jsa
	$(JAVA) -Xshare:dump -XX:SharedClassListFile=$(CLASSES) -XX:SharedArchiveFile=$(PREFIX)/lib/tidings/tidings.jsa -Xlog:cds=off \
		-cp $(abspath $(PREFIX))/lib/tidings/tidings.jar >/dev/null
	sed 's|@LIB@|$(abspath $(PREFIX))/lib/tidings|' src/main/sh/tidings > $(PREFIX)/bin/tidings
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
	@awk '/^# / { text = text substr($$0, 3) " "; next } \
	     /^[a-z-]+:/ { sub(/ $$/, "", text); if (text != "") printf "  %-12s %s\n", substr($$1, 1, length($$1) - 1), text } { text = "" }' Makefile
