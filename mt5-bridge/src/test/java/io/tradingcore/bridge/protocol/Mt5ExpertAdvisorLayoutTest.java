package io.tradingcore.bridge.protocol;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The MQL5 Expert Advisor cannot be compiled here, and PROTOCOL.md is prose, so this test holds the three
 * descriptions of the wire format together mechanically: the EA's {@code #define TC_...} constants against the
 * Java {@link Frame}, {@link FrameType} and {@link ErrorCode}; PROTOCOL.md's tables (frame types, error codes,
 * every body offset and field type, the ORDER and EXECUTION enums) against the same Java constants; and the order
 * and types of the EA's {@code Put*} calls in its frame builders, and of its {@code Get*} reads, against the
 * documented field types. A change to any one of the three without the others fails here.
 */
class Mt5ExpertAdvisorLayoutTest
{
    private static final Path EA = Path.of("mql5", "TradingCoreBridge.mq5");
    private static final Path PROTOCOL = Path.of("PROTOCOL.md");

    private static final Pattern DEFINE = Pattern.compile("^#define\\s+(TC_\\w+)\\s+(\\S+)", Pattern.MULTILINE);
    private static final Pattern ENUM_PAIR = Pattern.compile("(\\d+) ([A-Z][A-Z_]*)");
    private static final Pattern PUT = Pattern.compile("\\bPut(U8|U16|U32|I32|I64|String|Ascii)\\s*\\(");
    private static final Pattern GET = Pattern.compile(
        "\\bGet(U8|U16|U32|I32|I64)\\s*\\(\\s*\\w+\\s*,\\s*\\w+\\s*\\+\\s*(TC_\\w+)\\s*\\)");
    private static final Map<String, Integer> SIZES = Map.of("u8", 1, "u16", 2, "u32", 4, "i32", 4, "i64", 8);
    private static final Pattern FUNCTION = Pattern.compile("(?m)^(\\w+)\\s+(\\w+)\\s*\\(([^)]*)\\)\\s*\\n\\{");
    private static final Pattern PARAMETER = Pattern.compile("^(?:const\\s+)?(\\w+)\\s*&?\\s*(\\w+)");
    private static final Pattern GLOBAL = Pattern.compile(
        "(?m)^(?:input\\s+)?([A-Za-z]\\w*(?:<[^>]*>)?)\\s+(\\w+)(?:\\[\\])?\\s*(?:=[^;]*)?;");
    private static final Pattern LOCAL = Pattern.compile(
        "\\b(?:const\\s+)?(ulong|long|int|uint|ushort|uchar|bool|double|string|datetime)\\s+(\\w+)\\s*[=;\\[,]");
    private static final Pattern CALL = Pattern.compile("\\b(\\w+)\\s*\\(");
    /** Fields of MqlTradeResult, MqlTradeRequest and MqlTradeTransaction that hold a ticket (ulong). */
    private static final Pattern ULONG_FIELD = Pattern.compile("^(result|request|trans)\\.(order|deal|position)$");
    private static final Set<String> ULONG_BUILT_INS = Set.of("OrderGetTicket", "HistoryOrderGetTicket",
        "HistoryDealGetTicket", "PositionGetTicket", "GetMicrosecondCount");

    /** Java Frame constant -> the PROTOCOL.md section and field it is the offset of ("" = the section's last row). */
    private static final Map<String, String[]> OFFSETS = new LinkedHashMap<>();

    static
    {
        offsets("Frame", "LENGTH_OFFSET", "length", "TYPE_OFFSET", "type", "FLAGS_OFFSET", "flags",
            "SEQ_OFFSET", "seq", "ACK_OFFSET", "ack");
        offsets("HELLO", "HELLO_VERSION_OFFSET", "protocolVersion", "HELLO_FLAGS_OFFSET", "helloFlags",
            "HELLO_TENANT_OFFSET", "tenantId", "HELLO_ACCOUNT_OFFSET", "accountId",
            "HELLO_SERVER_OFFSET_OFFSET", "serverTimeOffsetSeconds", "HELLO_RESUME_OFFSET", "resumeFromSeq",
            "HELLO_TERMINAL_ID_OFFSET", "terminalId");
        offsets("WELCOME", "WELCOME_VERSION_OFFSET", "protocolVersion",
            "WELCOME_HEARTBEAT_INTERVAL_OFFSET", "heartbeatIntervalMs",
            "WELCOME_HEARTBEAT_TIMEOUT_OFFSET", "heartbeatTimeoutMs", "WELCOME_MAX_FRAME_BYTES_OFFSET", "maxFrameBytes",
            "WELCOME_MAX_FRAMES_PER_SECOND_OFFSET", "maxFramesPerSecond", "WELCOME_SYMBOL_COUNT_OFFSET", "symbolCount",
            "WELCOME_SYMBOLS_OFFSET", "");
        offsets("TICKS", "TICKS_COUNT_OFFSET", "count", "TICKS_FIRST_OFFSET", "");
        offsets("EXECUTION", "EXECUTION_ORDER_ID_OFFSET", "orderId", "EXECUTION_TYPE_OFFSET", "execType",
            "EXECUTION_RETCODE_OFFSET", "retcode", "EXECUTION_VENUE_ORDER_ID_OFFSET", "venueOrderId",
            "EXECUTION_DEAL_ID_OFFSET", "dealId", "EXECUTION_QUANTITY_OFFSET", "lastQuantity",
            "EXECUTION_PRICE_OFFSET", "lastPrice", "EXECUTION_COMMISSION_OFFSET", "commission",
            "EXECUTION_TEXT_OFFSET", "text");
        offsets("ACCOUNT", "ACCOUNT_BALANCE_OFFSET", "balance", "ACCOUNT_EQUITY_OFFSET", "equity",
            "ACCOUNT_MARGIN_OFFSET", "margin", "ACCOUNT_LEVERAGE_OFFSET", "leverage",
            "ACCOUNT_POSITION_COUNT_OFFSET", "positionCount", "ACCOUNT_POSITIONS_OFFSET", "");
        offsets("ORDER", "ORDER_ID_OFFSET", "orderId", "ORDER_CLIENT_ORDER_ID_OFFSET", "clientOrderId",
            "ORDER_SYMBOL_OFFSET", "symbolIndex", "ORDER_ACTION_OFFSET", "action", "ORDER_SIDE_OFFSET", "side",
            "ORDER_TYPE_OFFSET", "orderType", "ORDER_TIME_IN_FORCE_OFFSET", "timeInForce",
            "ORDER_QUANTITY_OFFSET", "quantity", "ORDER_PRICE_OFFSET", "price", "ORDER_STOP_PRICE_OFFSET", "stopPrice",
            "ORDER_EXPIRY_OFFSET", "expiryTimeMsc", "ORDER_VENUE_ORDER_ID_OFFSET", "venueOrderId",
            "ORDER_CAUSE_TICK_TIME_OFFSET", "causeTickTimeMsc");
        offsets("HEARTBEAT", "HEARTBEAT_SEND_TIME_OFFSET", "sendTimeNs", "HEARTBEAT_ECHO_TIME_OFFSET", "echoTimeNs");
        offsets("ERROR", "ERROR_CODE_OFFSET", "code", "ERROR_TEXT_LENGTH_OFFSET", "textLength",
            "ERROR_TEXT_OFFSET", "");
    }

    private static String protocol;
    private static String ea;
    private static Map<String, List<Table>> sections;
    private static Map<String, Long> eaDefines;

    @BeforeAll
    static void read() throws IOException
    {
        protocol = Files.readString(PROTOCOL, StandardCharsets.UTF_8);
        ea = Files.readString(EA, StandardCharsets.UTF_8);
        sections = sections(protocol);
        eaDefines = new TreeMap<>();
        final Matcher define = DEFINE.matcher(ea);
        while (define.find())
        {
            final String value = define.group(2);
            assertTrue(value.matches("-?\\d+"),
                define.group(1) + " must be a plain integer literal for this test to compare it, is " + value);
            assertEquals(null, eaDefines.put(define.group(1), Long.parseLong(value)), define.group(1) + " twice");
        }
        assertTrue(eaDefines.size() > 100, "found only " + eaDefines.size() + " TC_ defines in " + EA);
    }

    @Test
    void everyJavaConstantHasItsEaDefineWithTheSameValue() throws IllegalAccessException
    {
        final Map<String, Long> expected = new TreeMap<>();
        for (final Map.Entry<String, Integer> constant : javaConstants(Frame.class).entrySet())
        {
            expected.put("TC_" + constant.getKey(), (long)constant.getValue());
        }
        for (final Map.Entry<String, Integer> constant : javaConstants(FrameType.class).entrySet())
        {
            expected.put("TC_FRAME_" + constant.getKey(), (long)constant.getValue());
        }
        for (final Map.Entry<String, Integer> constant : javaConstants(ErrorCode.class).entrySet())
        {
            expected.put("TC_ERR_" + constant.getKey(), (long)constant.getValue());
        }
        final List<String> wrong = new ArrayList<>();
        expected.forEach((name, value) ->
        {
            final Long actual = eaDefines.get(name);
            if (!value.equals(actual))
            {
                wrong.add(name + ": Java " + value + ", EA " + (actual == null ? "missing" : actual));
            }
        });
        // an EA constant no Java constant or documented enum explains would go unchecked: a typo, or drift
        for (final String name : eaDefines.keySet())
        {
            if (!expected.containsKey(name) && !name.matches("TC_(SIDE|ORDTYPE|TIF)_[A-Z_]+"))
            {
                wrong.add(name + ": no Java counterpart (EA-only settings use the EA_ prefix)");
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void orderAndExecutionEnumsMatchTheDocument() throws IllegalAccessException
    {
        final Map<String, Integer> frame = javaConstants(Frame.class);
        final List<String> wrong = new ArrayList<>();
        compareEnum(wrong, "ORDER", "action", "ACTION_", "Java", prefixed(frame, "ACTION_"));
        compareEnum(wrong, "EXECUTION", "execType", "EXEC_", "Java", prefixed(frame, "EXEC_"));
        compareEnum(wrong, "ORDER", "side", "TC_SIDE_", "EA", eaPrefixed("TC_SIDE_"));
        compareEnum(wrong, "ORDER", "orderType", "TC_ORDTYPE_", "EA", eaPrefixed("TC_ORDTYPE_"));
        compareEnum(wrong, "ORDER", "timeInForce", "TC_TIF_", "EA", eaPrefixed("TC_TIF_"));
        assertEquals(List.of(), wrong);
    }

    @Test
    void frameTypeTableMatchesFrameType() throws IllegalAccessException
    {
        final Table table = table("Frame", "name");
        final Map<String, Integer> java = javaConstants(FrameType.class);
        final Map<String, Integer> documented = new TreeMap<>();
        for (final List<String> row : table.rows)
        {
            final String name = row.get(table.column("name"));
            final int type = Integer.parseInt(row.get(table.column("type")));
            documented.put(name, type);
            final String sequenced = row.get(table.column("sequenced"));
            assertTrue(sequenced.equals("yes") || sequenced.equals("no"), name + " sequenced: " + sequenced);
            assertEquals(sequenced.equals("yes"), FrameType.isSequenced(type), name + " sequenced");
            assertEquals(name, FrameType.name(type));
        }
        assertEquals(new TreeMap<>(java), documented);
    }

    @Test
    void errorCodeTableMatchesErrorCode() throws IllegalAccessException
    {
        final Table table = table("ERROR", "when");
        final Map<String, Integer> documented = new TreeMap<>();
        for (final List<String> row : table.rows)
        {
            documented.put(row.get(table.column("name")), Integer.parseInt(row.get(table.column("code"))));
        }
        assertEquals(new TreeMap<>(javaConstants(ErrorCode.class)), documented);
        for (final Map.Entry<String, Integer> code : documented.entrySet())
        {
            assertTrue(ea.contains("return \"" + code.getKey() + "\";"), "the EA's ErrorCodeName lacks "
                + code.getKey());
        }
    }

    @Test
    void documentedOffsetsMatchFrameAndFollowFromTheTypes() throws IllegalAccessException
    {
        final Map<String, Integer> frame = javaConstants(Frame.class);
        final List<String> wrong = new ArrayList<>();
        for (final Map.Entry<String, String[]> mapping : OFFSETS.entrySet())
        {
            final String section = mapping.getValue()[0];
            final String field = mapping.getValue()[1];
            final Table table = offsetTable(section);
            final List<String> row = field.isEmpty() ? table.rows.get(table.rows.size() - 1) : table.row(field);
            if (row == null)
            {
                wrong.add(section + " documents no field " + field + " (Frame." + mapping.getKey() + ")");
                continue;
            }
            final int documented = Integer.parseInt(row.get(0)) + ("Frame".equals(section) ? 0 : Frame.HEADER_LENGTH);
            if (documented != frame.get(mapping.getKey()))
            {
                wrong.add("Frame." + mapping.getKey() + " = " + frame.get(mapping.getKey()) + ", PROTOCOL.md " +
                    section + " " + (field.isEmpty() ? "last row" : field) + " at " + documented);
            }
        }
        for (final String section : List.of("Frame", "HELLO", "WELCOME", "TICKS", "EXECUTION", "ACCOUNT", "ORDER",
            "HEARTBEAT", "ERROR"))
        {
            final Table table = offsetTable(section);
            for (int i = 1; i < table.rows.size(); i++)
            {
                final List<String> previous = table.rows.get(i - 1);
                final Integer size = SIZES.get(previous.get(1));
                final String offset = table.rows.get(i).get(0);
                if (size != null && offset.matches("\\d+") && previous.get(0).matches("\\d+") &&
                    Integer.parseInt(offset) != Integer.parseInt(previous.get(0)) + size)
                {
                    wrong.add(section + " row " + table.rows.get(i) + " does not follow a " + previous.get(1) +
                        " at " + previous.get(0));
                }
            }
        }
        assertEquals(List.of(), wrong);
        final Set<String> unmapped = new TreeSet<>();
        for (final String name : frame.keySet())
        {
            if (name.endsWith("_OFFSET") && !name.startsWith("TICK_") && !OFFSETS.containsKey(name))
            {
                unmapped.add(name);
            }
        }
        assertEquals(Set.of(), unmapped, "Frame offsets without a PROTOCOL.md field in this test's map");
    }

    @Test
    void fixedLengthsAndLimitsMatchTheDocument()
    {
        assertEquals(Frame.HEADER_LENGTH, Integer.parseInt(offsetTable("Frame").row("body").get(0)));
        assertEquals(Frame.LENGTH_FIELD_SIZE, (int)SIZES.get(offsetTable("Frame").row("length").get(1)));
        assertEquals(Frame.ORDER_LENGTH, endOfFixedTable("ORDER"));
        assertEquals(Frame.HEARTBEAT_LENGTH, endOfFixedTable("HEARTBEAT"));
        assertEquals(Frame.SYMBOL_FIXED_LENGTH, table("HELLO", "field").rows.stream()
            .mapToInt(row -> SIZES.getOrDefault(row.get(0), 0)).sum());

        final List<String> tick = fieldList(find("Each \\*\\*tick\\*\\*: `([^`]+)`"));
        assertEquals(Frame.TICK_LENGTH, tick.stream().mapToInt(SIZES::get).sum());
        assertEquals(Frame.TICK_LENGTH, Integer.parseInt(find("tick × count, (\\d+) bytes each")));
        final List<Integer> tickOffsets = new ArrayList<>();
        for (final String offset : find("\\(offsets ([\\d, ]+);").split(",\\s*"))
        {
            tickOffsets.add(Integer.parseInt(offset));
        }
        assertEquals(List.of(Frame.TICK_SYMBOL_OFFSET, Frame.TICK_TIME_OFFSET, Frame.TICK_BID_OFFSET,
            Frame.TICK_ASK_OFFSET, Frame.TICK_LAST_OFFSET, Frame.TICK_VOLUME_OFFSET, Frame.TICK_FLAGS_OFFSET),
                tickOffsets);
        int running = 0;
        for (int i = 0; i < tick.size(); i++)
        {
            assertEquals((int)tickOffsets.get(i), running, "tick field " + i);
            running += SIZES.get(tick.get(i));
        }

        final List<String> position = fieldList(find("position × positionCount, \\d+ bytes each: ([^|]+)\\|"));
        assertEquals(Frame.POSITION_LENGTH, position.stream().mapToInt(SIZES::get).sum());
        assertEquals(Frame.POSITION_LENGTH, Integer.parseInt(find("position × positionCount, (\\d+) bytes each")));

        assertEquals(Frame.PROTOCOL_VERSION, Integer.parseInt(find("# MT5 bridge wire protocol, version (\\d+)")));
        assertEquals(Frame.PROTOCOL_VERSION, Integer.parseInt(find("protocolVersion \\((\\d+)\\)")));
        assertEquals(Frame.HELLO_FLAG_RESET, 1 << Integer.parseInt(find("bit (\\d+) `RESET`")));
        assertEquals(Frame.FILLING_FOK, 1 << Integer.parseInt(find("bit (\\d+) FOK")));
        assertEquals(Frame.FILLING_IOC, 1 << Integer.parseInt(find("bit (\\d+) IOC")));
        assertEquals(Frame.MAX_STRING, Integer.parseInt(find("bytes of US-ASCII \\(at most (\\d+)\\)")));
        assertEquals(Frame.MAX_ERROR_TEXT, number(find("text \\(US-ASCII, at most ([\\d,]+) bytes\\)")));
        assertEquals(Frame.DEFAULT_MAX_FRAME_BYTES, number(find(
            "\\(([\\d,]+)\\s+bytes\\s+per\\s+frame\\s+by\\s+default")));
        assertEquals(Frame.MIN_LENGTH_VALUE, Integer.parseInt(find("`length` is at least (\\d+)")));
        assertEquals(Frame.MIN_LENGTH_VALUE, Integer.parseInt(find(
            "\\| 0 \\| u32 \\| length \\| bytes after this field: (\\d+) \\+")));
    }

    @Test
    void eaBuildersPutTheDocumentedFieldsInOrder()
    {
        final List<String> header = new ArrayList<>();
        offsetTable("Frame").rows.forEach(row -> addIfPrimitive(header, row.get(1)));
        assertEquals(header, puts("BeginFrame"), "BeginFrame vs the Frame header table");

        final List<String> hello = documentedTypes("HELLO");
        hello.addAll(table("HELLO", "field").rows.stream().map(row -> row.get(0)).toList());
        assertEquals(hello, puts("BuildHello"), "BuildHello vs HELLO and its symbol table");

        final List<String> ticks = documentedTypes("TICKS");
        ticks.addAll(fieldList(find("Each \\*\\*tick\\*\\*: `([^`]+)`")));
        assertEquals(ticks, puts("BuildTicks"), "BuildTicks vs TICKS and its tick");

        assertEquals(documentedTypes("EXECUTION"), puts("BuildExecution"), "BuildExecution vs EXECUTION");

        final List<String> account = documentedTypes("ACCOUNT");
        account.addAll(fieldList(find("position × positionCount, \\d+ bytes each: ([^|]+)\\|")));
        assertEquals(account, puts("BuildAccount"), "BuildAccount vs ACCOUNT and its position");

        assertEquals(documentedTypes("HEARTBEAT"), puts("BuildHeartbeat"), "BuildHeartbeat vs HEARTBEAT");

        assertEquals(documentedTypes("ERROR"), puts("BuildError"), "BuildError vs ERROR");
    }

    @Test
    void eaReadsEachFieldWithItsDocumentedType()
    {
        final Matcher get = GET.matcher(ea);
        final List<String> wrong = new ArrayList<>();
        final Set<String> read = new TreeSet<>();
        while (get.find())
        {
            final String constant = get.group(2).substring("TC_".length());
            final String[] mapping = OFFSETS.get(constant);
            if (mapping == null)
            {
                wrong.add("Get" + get.group(1) + " at " + get.group(2) + ", which is not a documented field offset");
                continue;
            }
            final List<String> row = offsetTable(mapping[0]).row(mapping[1]);
            final String type = get.group(1).toLowerCase();
            if (!type.equals(row.get(1)))
            {
                wrong.add(get.group(2) + " read as " + type + ", documented as " + row.get(1));
            }
            read.add(constant);
        }
        assertEquals(List.of(), wrong);
        // the EA must read every fixed field of what it receives; the count guards the pattern itself
        for (final String constant : OFFSETS.keySet())
        {
            if (constant.startsWith("ORDER_") && !constant.equals("ORDER_CLIENT_ORDER_ID_OFFSET") &&
                !constant.equals("ORDER_CAUSE_TICK_TIME_OFFSET"))
            {
                assertTrue(read.contains(constant), "the EA never reads " + constant);
            }
        }
        assertTrue(read.size() >= 20, "only " + read.size() + " typed reads found: " + read);
    }

    @Test
    void receiveEndsTheLinkOnlyOnAnIoErrorOrALostConnection()
    {
        assertEquals("5273", eaSetting("EA_ERR_NETSOCKET_IO_ERROR"), "ERR_NETSOCKET_IO_ERROR");
        final String receive = body("Receive");
        final int read = receive.indexOf("SocketRead(");
        assertTrue(read > 0, "Receive reads with SocketRead");
        // SocketRead grows a dynamic array by what it reads: it must start empty for the bytes to be at 0..got
        final Matcher free = Pattern.compile("ArrayFree\\(g_chunk\\)|ArrayResize\\(g_chunk,\\s*0\\)").matcher(receive);
        assertTrue(free.find() && free.start() < read, "the read chunk is freed before SocketRead");
        // an empty buffer reads as SocketIsReadable's dummy 1 and a SocketRead of -1 on its timeout: every disconnect
        // in the loop must be conditional on error 5273 or SocketIsConnected, never on the -1 alone
        final Matcher disconnect = Pattern.compile("\\n\\s*if\\s*\\((.*)\\)\\s*\\n\\s*Disconnect\\(").matcher(receive);
        int guarded = 0;
        while (disconnect.find())
        {
            final String condition = expandCalls(disconnect.group(1));
            assertTrue(condition.contains("EA_ERR_NETSOCKET_IO_ERROR") && condition.contains("SocketIsConnected("),
                "Receive disconnects on " + disconnect.group(1) + " without checking error 5273 and SocketIsConnected");
            guarded++;
        }
        assertEquals(countOf(receive, "Disconnect("), guarded, "every Disconnect in Receive is guarded");
        assertTrue(guarded >= 2, "both the readable check and the read are guarded");
        assertTrue(receive.lastIndexOf("ResetLastError()", read) > receive.indexOf("SocketIsReadable("),
            "the error read after SocketRead is SocketRead's own");
    }

    @Test
    void onInitFirstResetsEveryGlobal()
    {
        final String onInit = body("OnInit");
        final Matcher first = Pattern.compile("^\\s*\\{?\\s*(\\w+)\\(\\);").matcher(onInit);
        assertTrue(first.find(), "OnInit starts with a reset call: " + onInit.substring(0, 80));
        final String reset = body(first.group(1));
        final List<String> kept = new ArrayList<>();
        for (final String global : globals())
        {
            final String name = Pattern.quote(global);
            if (!Pattern.compile("\\b" + name + "\\s*=[^=]|ArrayFree\\(" + name + "\\)|ArrayResize\\(" + name +
                ",\\s*0\\)|\\b" + name + "\\.Clear\\(\\)").matcher(reset).find())
            {
                kept.add(global);
            }
        }
        // a chart or input change re-runs OnInit without unloading the EA: anything not reset here survives it
        assertEquals(List.of(), kept, first.group(1) + " leaves these globals as the last session left them");
        assertTrue(globals().size() > 60, "found only " + globals().size() + " globals");
    }

    @Test
    void noUnsignedTicketGoesIntoASignedParameterWithoutACast()
    {
        final Map<String, EaFunction> functions = functions();
        final Map<String, String> globalTypes = globalTypes();
        final List<String> wrong = new ArrayList<>();
        final Pattern call = Pattern.compile("\\b(\\w+)\\s*\\(");
        for (final EaFunction caller : functions.values())
        {
            final Map<String, String> scope = new TreeMap<>(globalTypes);
            scope.putAll(caller.variables());
            final Matcher matcher = call.matcher(caller.body);
            while (matcher.find())
            {
                final List<String> parameterTypes = parameterTypes(functions, matcher.group(1));
                if (parameterTypes == null)
                {
                    continue;
                }
                final List<String> arguments = arguments(caller.body, matcher.end() - 1);
                for (int i = 0; i < Math.min(arguments.size(), parameterTypes.size()); i++)
                {
                    final String argument = arguments.get(i);
                    if ("long".equals(parameterTypes.get(i)) && "ulong".equals(typeOf(argument, scope, functions)))
                    {
                        wrong.add(caller.name + ": " + matcher.group(1) + " argument " + (i + 1) + " '" + argument +
                            "' is a ulong for a long parameter");
                    }
                }
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(functions.size() > 80, "found only " + functions.size() + " EA functions");
    }

    @Test
    void pendingOrdersRestUnderReturnAndReturnIsOnlyUsedWhereMetaTraderAllowsIt()
    {
        final String filling = body("Filling");
        final Matcher firstReturn = Pattern.compile("if\\s*\\(([^;]*?)\\)\\s*return\\s+(ORDER_FILLING_\\w+);")
            .matcher(filling);
        assertTrue(firstReturn.find(), "Filling decides by conditions");
        assertEquals("ORDER_FILLING_RETURN", firstReturn.group(2), "a resting limit is decided first, under RETURN");
        assertTrue(firstReturn.group(1).contains("TC_ORDTYPE_LIMIT") &&
            firstReturn.group(1).contains("TC_ORDTYPE_STOP_LIMIT"), firstReturn.group(1));
        final String returnAllowed = expandCalls(filling.substring(firstReturn.end()));
        assertTrue(returnAllowed.contains("SYMBOL_TRADE_EXECUTION_EXCHANGE"),
            "RETURN for a market order only under exchange execution");
        assertTrue(!Pattern.compile("TC_ORDTYPE_STOP\\b").matcher(returnAllowed).find(),
            "never RETURN for a plain stop");
        assertTrue(body("AddSymbol").contains("SYMBOL_TRADE_EXEMODE"), "the execution mode is read per symbol");
        assertTrue(Pattern.compile("Filling\\(symbol,\\s*orderType,").matcher(body("ExecuteNew")).find(),
            "ExecuteNew chooses by order type");
        assertTrue(!protocol.contains("RETURN is always allowed"), "PROTOCOL.md still says RETURN is always allowed");
    }

    @Test
    void endsOfOrdersWaitForTheirDeals()
    {
        // DEAL_ADD can come in a later OnTradeTransaction than the cancel's answer or the order's HISTORY_ADD
        final String cancel = body("ExecuteCancel");
        assertTrue(!cancel.contains("TC_EXEC_CANCELLED, (int)result.retcode, ticket") &&
            cancel.contains("EndAfterDeals("), "a successful cancel defers its end until the deals are reported");
        assertTrue(body("OnOrderInHistory").contains("EndAfterDeals("), "so does an end the trade server decides");
        assertTrue(body("ReportDeal").contains("ReportDeferredEnd("), "the deal that completes the volume sends it");
        assertTrue(body("Pump").contains("SettleDeferredEnds()"), "an end never waits forever");
    }

    private static String eaSetting(final String name)
    {
        final Matcher define = Pattern.compile("^#define\\s+" + name + "\\s+(\\S+)", Pattern.MULTILINE).matcher(ea);
        assertTrue(define.find(), "the EA has no #define " + name);
        return define.group(1);
    }

    /** Every top-level function of the EA by name: its return type, parameters and body (braces included). */
    private static Map<String, EaFunction> functions()
    {
        final Map<String, EaFunction> functions = new LinkedHashMap<>();
        final Matcher start = FUNCTION.matcher(ea);
        while (start.find())
        {
            int depth = 0;
            int end = start.end() - 1;
            do
            {
                final char c = ea.charAt(end++);
                depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            }
            while (depth > 0);
            final List<String[]> parameters = new ArrayList<>();
            for (final String parameter : start.group(3).split(","))
            {
                final Matcher declared = PARAMETER.matcher(parameter.trim());
                if (declared.find())
                {
                    parameters.add(new String[]{declared.group(1), declared.group(2)});
                }
            }
            functions.put(start.group(2), new EaFunction(start.group(2), start.group(1), parameters,
                ea.substring(start.end() - 1, end)));
        }
        return functions;
    }

    private static String body(final String function)
    {
        final EaFunction found = functions().get(function);
        assertNotNull(found, "the EA has no function " + function);
        return found.body;
    }

    /** The text followed by the bodies of the EA functions it calls, one level deep. */
    private static String expandCalls(final String text)
    {
        final Map<String, EaFunction> functions = functions();
        final StringBuilder expanded = new StringBuilder(text);
        final Matcher call = CALL.matcher(text);
        while (call.find())
        {
            final EaFunction called = functions.get(call.group(1));
            if (called != null)
            {
                expanded.append('\n').append(called.body);
            }
        }
        return expanded.toString();
    }

    private static int countOf(final String text, final String part)
    {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length()))
        {
            count++;
        }
        return count;
    }

    /** The EA's global variables (g_*), declared outside any function. */
    private static List<String> globals()
    {
        return new ArrayList<>(globalTypes().keySet().stream().filter(name -> name.startsWith("g_")).toList());
    }

    private static Map<String, String> globalTypes()
    {
        final Map<String, String> types = new LinkedHashMap<>();
        final Matcher global = GLOBAL.matcher(ea);
        while (global.find())
        {
            types.put(global.group(2), global.group(1));
        }
        return types;
    }

    /** The parameter types of an EA function, or of a built-in taking a long; null for any other call. */
    private static List<String> parameterTypes(final Map<String, EaFunction> functions, final String name)
    {
        final EaFunction function = functions.get(name);
        if (function != null)
        {
            return function.parameters.stream().map(parameter -> parameter[0]).toList();
        }
        return "IntegerToString".equals(name) ? List.of("long") : null;
    }

    /** The top-level arguments of the call whose '(' is at {@code open}. */
    private static List<String> arguments(final String text, final int open)
    {
        final List<String> arguments = new ArrayList<>();
        int depth = 0;
        int from = open + 1;
        boolean quoted = false;
        for (int i = open; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (quoted)
            {
                quoted = c != '"' || text.charAt(i - 1) == '\\';
                continue;
            }
            if (c == '"')
            {
                quoted = true;
            }
            else if (c == '(' || c == '[')
            {
                depth++;
            }
            else if (c == ')' || c == ']')
            {
                depth--;
                if (depth == 0)
                {
                    final String last = text.substring(from, i).trim();
                    if (!last.isEmpty() || !arguments.isEmpty())
                    {
                        arguments.add(last);
                    }
                    return arguments;
                }
            }
            else if (c == ',' && depth == 1)
            {
                arguments.add(text.substring(from, i).trim());
                from = i + 1;
            }
        }
        return fail("unbalanced call at " + text.substring(open, Math.min(text.length(), open + 60)));
    }

    /** The MQL5 type of a simple argument (a variable, element, known field, cast or call); null if unknown. */
    private static String typeOf(final String argument, final Map<String, String> scope,
        final Map<String, EaFunction> functions)
    {
        final Matcher cast = Pattern.compile("^\\((\\w+)\\)").matcher(argument);
        if (cast.find())
        {
            return cast.group(1);
        }
        final Matcher simple = Pattern.compile("^(\\w+)(\\[.*\\])?$").matcher(argument);
        if (simple.matches())
        {
            return scope.get(simple.group(1));
        }
        if (ULONG_FIELD.matcher(argument).matches())
        {
            return "ulong";
        }
        final Matcher call = Pattern.compile("^(\\w+)\\s*\\(.*\\)$", Pattern.DOTALL).matcher(argument);
        if (call.matches())
        {
            final EaFunction function = functions.get(call.group(1));
            return function != null ? function.returnType : ULONG_BUILT_INS.contains(call.group(1)) ? "ulong" : null;
        }
        return null;
    }

    /** One EA function; its variables are its parameters and the locals declared in its body. */
    private record EaFunction(String name, String returnType, List<String[]> parameters, String body)
    {
        Map<String, String> variables()
        {
            final Map<String, String> variables = new TreeMap<>();
            parameters.forEach(parameter -> variables.put(parameter[1], parameter[0]));
            final Matcher local = LOCAL.matcher(body);
            while (local.find())
            {
                variables.put(local.group(2), local.group(1));
            }
            return variables;
        }
    }

    private static void offsets(final String section, final String... pairs)
    {
        for (int i = 0; i < pairs.length; i += 2)
        {
            OFFSETS.put(pairs[i], new String[]{section, pairs[i + 1]});
        }
    }

    private static Map<String, Integer> javaConstants(final Class<?> type) throws IllegalAccessException
    {
        final Map<String, Integer> constants = new TreeMap<>();
        for (final Field field : type.getDeclaredFields())
        {
            final int modifiers = field.getModifiers();
            if (Modifier.isPublic(modifiers) && Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers) &&
                field.getType() == int.class)
            {
                constants.put(field.getName(), field.getInt(null));
            }
        }
        return constants;
    }

    private static Map<String, Integer> prefixed(final Map<String, Integer> constants, final String prefix)
    {
        final Map<String, Integer> result = new TreeMap<>();
        constants.forEach((name, value) ->
        {
            if (name.startsWith(prefix))
            {
                result.put(name.substring(prefix.length()), value);
            }
        });
        return result;
    }

    private static Map<String, Integer> eaPrefixed(final String prefix)
    {
        final Map<String, Integer> result = new TreeMap<>();
        eaDefines.forEach((name, value) ->
        {
            if (name.startsWith(prefix))
            {
                result.put(name.substring(prefix.length()), value.intValue());
            }
        });
        return result;
    }

    /** A field cell such as "side: 0 BUY, 1 SELL" lists its enum; both sides must list the same pairs. */
    private static void compareEnum(
        final List<String> wrong, final String section, final String field, final String prefix, final String side,
        final Map<String, Integer> actual)
    {
        final List<String> row = offsetTable(section).row(field);
        assertNotNull(row, section + " has no field " + field);
        final Map<String, Integer> documented = new TreeMap<>();
        final Matcher pair = ENUM_PAIR.matcher(row.get(2).substring(row.get(2).indexOf(':') + 1));
        while (pair.find())
        {
            documented.put(pair.group(2), Integer.parseInt(pair.group(1)));
        }
        if (documented.isEmpty() || !documented.equals(actual))
        {
            wrong.add(section + " " + field + ": PROTOCOL.md " + documented + ", " + side + " " + prefix + "* "
                + actual);
        }
    }

    private static List<String> documentedTypes(final String section)
    {
        final List<String> types = new ArrayList<>();
        offsetTable(section).rows.forEach(row -> addIfPrimitive(types, row.get(1)));
        return types;
    }

    private static void addIfPrimitive(final List<String> types, final String type)
    {
        if (SIZES.containsKey(type) || type.equals("string"))
        {
            types.add(type);
        }
        else if (type.startsWith("bytes"))
        {
            types.add("bytes");
        }
    }

    /** "i32 symbolIndex, i64 timeMsc (…), …" -> [i32, i64, …]. */
    private static List<String> fieldList(final String text)
    {
        final List<String> types = new ArrayList<>();
        for (final String field : text.replaceAll("\\([^)]*\\)", "").split(","))
        {
            final String type = field.trim().split("\\s+")[0];
            assertTrue(SIZES.containsKey(type), "unknown type " + type + " in " + text);
            types.add(type);
        }
        return types;
    }

    /** The types of the Put* calls in the body of an EA function, in source order. */
    private static List<String> puts(final String function)
    {
        final Matcher start = Pattern.compile("\\n\\w+\\s+" + function + "\\s*\\([^)]*\\)\\s*\\n\\{").matcher(ea);
        assertTrue(start.find(), "the EA has no function " + function);
        int depth = 0;
        int end = start.end() - 1;
        do
        {
            final char c = ea.charAt(end++);
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
        }
        while (depth > 0);
        final Matcher put = PUT.matcher(ea.substring(start.end(), end));
        final List<String> types = new ArrayList<>();
        while (put.find())
        {
            types.add(put.group(1).equals("Ascii") ? "bytes" : put.group(1).toLowerCase());
        }
        return types;
    }

    private static String find(final String regex)
    {
        final Matcher matcher = Pattern.compile(regex).matcher(protocol);
        assertTrue(matcher.find(), "PROTOCOL.md has nothing matching " + regex);
        return matcher.group(1);
    }

    private static int number(final String digits)
    {
        return Integer.parseInt(digits.replace(",", ""));
    }

    private static int endOfFixedTable(final String section)
    {
        final List<String> last = offsetTable(section).rows.get(offsetTable(section).rows.size() - 1);
        return Frame.HEADER_LENGTH + Integer.parseInt(last.get(0)) + SIZES.get(last.get(1));
    }

    /** The section's table whose first column is an offset. */
    private static Table offsetTable(final String section)
    {
        for (final Table table : sections.getOrDefault(section, List.of()))
        {
            if (table.header.get(0).startsWith("offset"))
            {
                return table;
            }
        }
        return fail("PROTOCOL.md section " + section + " has no offset table");
    }

    private static Table table(final String section, final String column)
    {
        for (final Table table : sections.getOrDefault(section, List.of()))
        {
            if (table.header.contains(column) && !table.header.get(0).startsWith("offset"))
            {
                return table;
            }
        }
        return fail("PROTOCOL.md section " + section + " has no table with a column " + column);
    }

    /** Tables by section: "Frame" for "## Frame", else the frame name of "### NAME (type)". */
    private static Map<String, List<Table>> sections(final String markdown)
    {
        final Map<String, List<Table>> result = new LinkedHashMap<>();
        String section = "";
        Table table = null;
        for (final String line : markdown.split("\n"))
        {
            if (line.startsWith("#"))
            {
                final String[] words = line.replaceAll("^#+\\s*", "").split("\\s+");
                section = words[0];
                table = null;
            }
            else if (line.startsWith("|"))
            {
                final List<String> cells = cells(line);
                if (table == null)
                {
                    table = new Table(cells);
                    result.computeIfAbsent(section, key -> new ArrayList<>()).add(table);
                }
                else if (!line.matches("\\|[-:| ]+\\|?\\s*"))
                {
                    table.rows.add(cells);
                }
            }
            else
            {
                table = null;
            }
        }
        return result;
    }

    private static List<String> cells(final String line)
    {
        final String inner = line.trim().replaceAll("^\\|", "").replaceAll("\\|$", "");
        final List<String> cells = new ArrayList<>();
        for (final String cell : inner.split("\\|", -1))
        {
            cells.add(cell.trim());
        }
        return cells;
    }

    /** A markdown table; a row's field is the identifier its "field" cell starts with. */
    private static final class Table
    {
        final List<String> header;
        final List<List<String>> rows = new ArrayList<>();

        Table(final List<String> header)
        {
            this.header = header;
        }

        int column(final String name)
        {
            final int column = header.indexOf(name);
            assertTrue(column >= 0, "no column " + name + " in " + header);
            return column;
        }

        List<String> row(final String field)
        {
            final int column = header.indexOf("field");
            for (final List<String> row : rows)
            {
                if (row.size() > column && row.get(column).matches(Pattern.quote(field) + "\\b.*"))
                {
                    return row;
                }
            }
            return null;
        }
    }
}
