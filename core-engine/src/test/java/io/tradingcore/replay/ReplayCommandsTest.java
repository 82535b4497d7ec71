package io.tradingcore.replay;

import io.tradingcore.strategy.examples.ExampleStrategies;
import io.tradingcore.cli.CommandLines;
import io.tradingcore.cli.ReplayCommand;
import io.tradingcore.journal.SnapshotInfo;
import io.tradingcore.journal.SnapshotStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The audit, state and export commands as a person runs them: formats, time travel, files, bad input. */
class ReplayCommandsTest
{
    private static final Pattern ISO_MILLIS = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

    static Path data;
    static long lastInput;

    @TempDir
    Path files;

    record Outcome(int exitCode, String out, String err)
    {
        List<String> lines()
        {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    @BeforeAll
    static void recordARun() throws Exception
    {
        data = AuditDataFolder.shared();
        lastInput = AuditTrail.lastInputSequence(data);
    }

    @Test
    void jsonLinesParseOneObjectEach()
    {
        final Outcome outcome = replay("audit", "--data", data.toString(), "--format", "json", "--to", "3000");
        assertEquals(0, outcome.exitCode(), outcome.err());
        final List<String> lines = outcome.lines();
        assertTrue(lines.size() > 3000, "inputs 1 to 3000 and their outputs");
        for (final String line : lines)
        {
            assertTrue(MiniJson.isObject(line), "not one JSON object: " + line);
            assertTrue(line.startsWith("{\"kind\":\"") && line.contains(",\"seq\":") && line.contains(",\"fields\":{"),
                line);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"message\":\"MarketTick\"") && l.contains(
            "\"bid\":\"1.39")),
            "prices as decimal strings");
        assertFalse(MiniJson.isObject("{\"kind\":\"in\",\"seq\":1"), "the checker itself rejects a cut line");
    }

    @Test
    void tableColumnsAreAligned()
    {
        final Outcome outcome = replay("audit", "--data", data.toString(), "--account", "1001");
        assertEquals(0, outcome.exitCode(), outcome.err());
        final List<String> lines = outcome.lines();
        final String header = lines.get(0);
        final int time = header.indexOf("time");
        final int dir = header.indexOf("dir");
        final int message = header.indexOf("message");
        final int accountEnd = header.indexOf("account") + "account".length();
        final int instrument = header.indexOf("instrument");
        final int details = header.indexOf("details");
        assertTrue(lines.size() > 10);
        for (final String row : lines.subList(1, lines.size()))
        {
            assertTrue(ISO_MILLIS.matcher(row.substring(time, time + 24)).matches(), row);
            assertTrue(List.of("in ", "out").contains(row.substring(dir, dir + 3)), row);
            assertTrue(row.charAt(message - 1) == ' ' && row.charAt(message) != ' ', row);
            assertEquals("1001", row.substring(accountEnd - 4, accountEnd), row);
            assertEquals(' ', row.charAt(instrument - 1), row);
            assertTrue(row.length() <= details || row.charAt(details - 1) == ' ', row);
        }
    }

    @Test
    void timeTravelEqualsAFreshReplay() throws Exception
    {
        final List<Long> snapshots = SnapshotStore.open(data.resolve("snapshots")).list().stream()
            .map(SnapshotInfo::sequence).filter(s -> s < lastInput).toList();
        assertFalse(snapshots.isEmpty(), "the run took snapshots before its end");
        final long snapshot = snapshots.get(0);
        final List<String> hashes = new ArrayList<>();
        for (final long sequence : List.of(7L, snapshot - 1, snapshot, snapshot + 1, snapshot + 1234, lastInput))
        {
            final TimeTravel.State travelled = TimeTravel.at(data, sequence, ExampleStrategies.catalog(), true,
                (r, t) -> { });
            final TimeTravel.State fresh = TimeTravel.at(data, sequence, ExampleStrategies.catalog(), false,
                (r, t) -> { });
            assertEquals(0, fresh.snapshotSequence());
            assertEquals(sequence, fresh.replayedInputs());
            assertEquals(fresh.stateHash(), travelled.stateHash(), "state hash after input " + sequence);
            assertEquals(fresh.report(), travelled.report(), "books after input " + sequence);
            assertEquals(sequence, travelled.report().lastSequence());
            if (sequence >= snapshot)
            {
                assertTrue(travelled.snapshotSequence() >= snapshot, "used the snapshot at " + snapshot);
                assertEquals(sequence - travelled.snapshotSequence(), travelled.replayedInputs());
            }
            hashes.add(travelled.stateHash());
        }
        assertEquals(hashes.size(), hashes.stream().distinct().count(), "different moments, different states");

        final Outcome outcome = replay("state", "--data", data.toString(), "--at", Long.toString(snapshot + 1234));
        assertEquals(0, outcome.exitCode(), outcome.err());
        assertTrue(outcome.out().contains("from the snapshot at "), outcome.out());
        assertTrue(outcome.out().contains("account 1001"), outcome.out());
        assertTrue(outcome.out().contains("state hash: " + hashes.get(4)), outcome.out());
    }

    @Test
    void timeTravelLeavesALiveCoresSnapshotWriteAlone() throws Exception
    {
        final Path inProgress = data.resolve("snapshots").resolve("snapshot-00000000000099999999.snapshot.tmp");
        Files.write(inProgress, new byte[] {1, 2, 3});
        try
        {
            final TimeTravel.State state = TimeTravel.at(data, lastInput, ExampleStrategies.catalog(), true,
                (r, t) -> { });
            assertTrue(state.snapshotSequence() > 0);
            assertTrue(Files.exists(inProgress), "a read-only tool must not remove another process's temp file");
        }
        finally
        {
            Files.deleteIfExists(inProgress);
        }
    }

    @Test
    void exportWritesEveryAuditRecord() throws Exception
    {
        final long all = records(new AuditQuery()).size();
        final Path csv = files.resolve("history.csv");
        final Outcome csvOutcome = replay("export", "--data", data.toString(), "--to", csv.toString());
        assertEquals(0, csvOutcome.exitCode(), csvOutcome.err());
        final List<String> rows = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals(all + 1, rows.size(), "a header and one row a record");
        assertEquals(AuditFormat.csvHeader(), rows.get(0));
        for (final String row : rows)
        {
            assertEquals(13, MiniCsv.fields(row).size(), row);
        }
        assertTrue(rows.stream().anyMatch(r -> r.contains("text=\"\"\"\"")), "quotes in a field are doubled");

        final Path jsonl = files.resolve("history.jsonl");
        final Outcome jsonOutcome = replay("export", "--data", data.toString(), "--to", jsonl.toString(),
            "--account", "1001", "--until", "10000");
        assertEquals(0, jsonOutcome.exitCode(), jsonOutcome.err());
        final List<String> lines = Files.readAllLines(jsonl, StandardCharsets.UTF_8);
        assertEquals(records(new AuditQuery().account(1001).to(AuditQuery.Bound.parse("--to", "10000"))).size(),
            lines.size());
        assertTrue(lines.size() > 0);
        lines.forEach(line -> assertTrue(MiniJson.isObject(line), line));
        assertTrue(jsonOutcome.out().contains("exported " + String.format("%,d", lines.size()) + " records"),
            jsonOutcome.out());
    }

    @Test
    void badInputExitsTwo()
    {
        final String dir = data.toString();
        final Outcome beyond = replay("state", "--data", dir, "--at", Long.toString(lastInput + 1));
        assertEquals(2, beyond.exitCode());
        assertEquals("replay: --at " + (lastInput + 1) + " is beyond the journal's last input " + lastInput + "\n",
            beyond.err());
        assertBad("audit", "--data", dir, "--instrument", "NOSUCH");
        assertBad("audit", "--data", dir, "--order", "987654321");
        assertBad("audit", "--data", files.resolve("nothing-here").toString());
        final Outcome missingOrder = replay("export", "--data", dir, "--to", files.resolve("o.csv").toString(),
            "--order", "987654321");
        assertEquals(2, missingOrder.exitCode());
        assertFalse(Files.exists(files.resolve("o.csv")), "no half-written file");

        assertMistake("state", "Missing required option: '--at=SEQ'", "state", "--data", dir);
        assertMistake("state", "Invalid value for option '--at': 0 must be positive", "state", "--data", dir,
            "--at", "0");
        assertMistake("state", "Invalid value for option '--at': 'soon' is not a number", "state", "--data", dir,
            "--at", "soon");
        assertMistake("state", "Unknown options: '--format', 'json'", "state", "--data", dir, "--at", "5", "--format",
            "json");
        assertMistake("audit", "Invalid value for option '--format': expected one of [table, json] " +
            "(case-sensitive) but was 'xml'", "audit", "--data", dir, "--format", "xml");
        assertMistake("audit", "Invalid value for option '--account': 'abc' is not a number", "audit", "--data", dir,
            "--account", "abc");
        assertMistake("audit", "--from 'yesterday' is neither a sequence number nor a UTC time like " +
            "2014-05-08T10:00:00Z or 2014-05-08T10:00:00.250Z", "audit", "--data", dir, "--from", "yesterday");
        assertMistake("audit", "--from 200 is after the end of the range", "audit", "--data", dir, "--from", "200",
            "--to", "100");
        assertMistake("export", "--to " + files.resolve("out.txt") + ": name a .csv or a .jsonl file", "export",
            "--data", dir, "--to", files.resolve("out.txt").toString());
        assertFalse(Files.exists(files.resolve("out.txt")));
        assertMistake("export", "Missing required option: '--to=FILE.csv|FILE.jsonl'", "export", "--data", dir);
        assertMistake("", "Unmatched argument at index 0: 'rewind'", "rewind", "--data", dir);
        assertMistake("", "name a command: verify, audit, state or export");
    }

    @Test
    void anUnknownOptionIsNamedAboveTheUsage()
    {
        final Outcome outcome = replay("audit", "--data", data.toString(), "--acount=1001");
        assertEquals(2, outcome.exitCode());
        assertEquals("", outcome.out());
        final List<String> lines = outcome.err().lines().toList();
        assertEquals("replay: Unknown option: '--acount=1001'", lines.get(0));
        assertTrue(lines.get(1).startsWith("Usage: scripts/replay audit "), outcome.err());
        assertTrue(outcome.err().contains("--account=ID"), "the usage lists the options: " + outcome.err());
    }

    @Test
    void equalsSignsAndSpacesGiveTheSameRun()
    {
        final String dir = data.toString();
        final Outcome spaced = replay("audit", "--data", dir, "--format", "json", "--account", "1001", "--from", "100",
            "--to", "2000");
        final Outcome joined = replay("audit", "--data=" + dir, "--format=json", "--account=1001", "--from=100",
            "--to=2000");
        final Outcome dataFirst = replay("--data=" + dir, "audit", "--format=json", "--account=1001", "--from=100",
            "--until", "2000");
        assertEquals(0, spaced.exitCode(), spaced.err());
        assertFalse(spaced.lines().isEmpty());
        assertEquals(records(new AuditQuery().account(1001).from(AuditQuery.Bound.parse("--from", "100"))
            .to(AuditQuery.Bound.parse("--to", "2000"))).size(), spaced.lines().size(), "the filters applied");
        // Compared without stderr, where a progress bar may show up on a slow machine.
        assertEquals(spaced.out(), joined.out());
        assertEquals(spaced.out(), dataFirst.out());
        assertEquals(0, joined.exitCode(), joined.err());
        assertEquals(0, dataFirst.exitCode(), dataFirst.err());

        final Outcome at = replay("state", "--data", dir, "--at", "1234");
        assertEquals(0, at.exitCode(), at.err());
        assertTrue(at.out().contains("state right after input 1234 "), at.out());
        final Outcome atJoined = replay("state", "--data=" + dir, "--at=1234");
        // The time the replay took differs between runs: compare everything else.
        assertEquals(at.out().replaceAll("\\([\\d,]+ ms\\)", ""), atJoined.out().replaceAll("\\([\\d,]+ ms\\)", ""));
    }

    @Test
    void helpListsTheCommandsAndEachCommandItsOptions()
    {
        final Outcome help = replay("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().startsWith("Usage: scripts/replay "), help.out());
        for (final String command : List.of("verify", "audit", "state", "export"))
        {
            assertTrue(help.out().contains("\n  " + command + " "), command + " in " + help.out());
        }
        assertFalse(help.out().contains(CommandLines.COMPLETION), "the completion command stays out of sight");
        assertEquals("", help.err());
        assertOptions(replay("audit", "--help"), "--data", "--format", "--to", "--account", "--tenant",
            "--instrument", "--order", "--from", "--until");
        assertOptions(replay("export", "-h"), "--data", "--to", "--order", "--until");
        assertOptions(replay("state", "--help"), "--data", "--at");
        assertOptions(replay("verify", "--help"), "--data");
    }

    @Test
    void generatesABashCompletionScript()
    {
        final Outcome script = replay(CommandLines.COMPLETION);
        assertEquals(0, script.exitCode(), script.err());
        assertTrue(script.out().startsWith("#!/usr/bin/env bash"), script.out());
        assertTrue(script.out().contains("complete -F _complete_scripts/replay "), script.out());
        assertTrue(script.out().contains("--instrument"), "options of the subcommands complete too");
    }

    private static void assertOptions(final Outcome help, final String... options)
    {
        assertEquals(0, help.exitCode(), help.err());
        for (final String option : options)
        {
            assertTrue(help.out().contains("  " + option + "="), option + " in " + help.out());
        }
    }

    /** Bad data: one line on stderr, exit code 2. */
    private static void assertBad(final String... args)
    {
        final Outcome outcome = replay(args);
        assertEquals(2, outcome.exitCode(), String.join(" ", args) + ": " + outcome.out());
        assertTrue(outcome.err().startsWith("replay: "), outcome.err());
        assertEquals(1, outcome.err().lines().filter(l -> !l.isBlank()).count(), outcome.err());
        assertNotEquals(-1, outcome.err().indexOf('\n'));
    }

    /** A command-line mistake: one line that names it, then the usage of the command it was made in; exit code 2. */
    private static void assertMistake(final String command, final String message, final String... args)
    {
        final Outcome outcome = replay(args);
        assertEquals(2, outcome.exitCode(), String.join(" ", args) + ": " + outcome.out());
        assertEquals("", outcome.out());
        final List<String> lines = outcome.err().lines().toList();
        assertEquals("replay: " + message, lines.get(0), outcome.err());
        assertTrue(lines.get(1).startsWith("Usage: scripts/replay " + (command.isEmpty() ? "" : command + " ")),
            outcome.err());
    }

    private static List<AuditRecord> records(final AuditQuery query)
    {
        final List<AuditRecord> records = new ArrayList<>();
        query.run(data, records::add, (reached, last) -> { });
        return records;
    }

    private static Outcome replay(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = ReplayCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
