//+------------------------------------------------------------------+
//| TradingCoreBridge.mq5                                            |
//|                                                                  |
//| Connects a MetaTrader 5 terminal to the trading core's bridge    |
//| (wire protocol v1, mt5-bridge/PROTOCOL.md): streams the ticks of |
//| the mapped symbols, executes the core's orders, reports every    |
//| deal and an account snapshot.                                    |
//|                                                                  |
//| Installation                                                     |
//|  1. Copy this file to <data folder>/MQL5/Experts/ (File > Open   |
//|     Data Folder in the terminal) and compile it in MetaEditor    |
//|     (F7). It needs only the standard library (Generic).          |
//|  2. Tools > Options > Expert Advisors: tick "Allow algorithmic   |
//|     trading" and "Allow WebRequest for listed URL", and add the  |
//|     bridge's address (the host of InpHost, e.g. 127.0.0.1 or     |
//|     bridge.example.com). Sockets are refused (error 4014)        |
//|     for any address not on that list.                            |
//|  3. Attach the EA to one chart (any symbol, any timeframe) and   |
//|     set the inputs below. Run it once per account.               |
//|                                                                  |
//| Inputs                                                           |
//|  InpHost, InpPort     the bridge (TCP, default port 8001)        |
//|  InpTls               TLS to the bridge; on for a bridge beyond  |
//|                       loopback (a certificate Windows trusts)    |
//|  InpToken             the secret configured in the bridge        |
//|  InpTenantId          the core's tenant of this account          |
//|  InpTerminalId        stable id; empty = "<login>@<server>"      |
//|  InpSymbolMap         core=broker pairs separated by ';', e.g.   |
//|                       "EURUSD=EURUSDm;XAUUSD=XAUUSD.a"; a bare   |
//|                       name maps to itself; empty = chart symbol  |
//|  InpMagic             magic number of the EA's orders            |
//|  InpTimerMs           how often ticks are pulled and the socket  |
//|                       is served                                  |
//|  InpTickBatch         most ticks in one TICKS frame              |
//|  InpResendLimitMb     memory for frames the bridge has not yet   |
//|                       acknowledged; tick pulling pauses when it  |
//|                       is full, nothing is ever dropped           |
//|  InpDeviationPoints   slippage allowed on market orders          |
//|  InpAccountIntervalMs how often an ACCOUNT snapshot is sent      |
//|  InpMaxCatchUpMinutes how far back ticks are resent after a      |
//|                       restart (from the last acknowledged tick)  |
//|                                                                  |
//| The TC_ constants below mirror io.tradingcore.bridge.protocol's  |
//| Frame (TC_<name>), FrameType (TC_FRAME_<name>) and ErrorCode     |
//| (TC_ERR_<name>); offsets are from the start of the frame.        |
//| Mt5ExpertAdvisorLayoutTest compares them, and the field order of |
//| the Build* functions, with the Java codec and PROTOCOL.md.       |
//+------------------------------------------------------------------+
#property copyright   "tradingcore"
#property version     "1.00"
#property description "Bridge between this terminal and the trading core (protocol v1)"

#include <Generic\HashMap.mqh>
#include <Generic\HashSet.mqh>

//--- protocol constants (Frame)
#define TC_PROTOCOL_VERSION                      1
#define TC_LENGTH_OFFSET                         0
#define TC_TYPE_OFFSET                           4
#define TC_FLAGS_OFFSET                          6
#define TC_SEQ_OFFSET                            8
#define TC_ACK_OFFSET                            16
#define TC_HEADER_LENGTH                         24
#define TC_LENGTH_FIELD_SIZE                     4
#define TC_MIN_LENGTH_VALUE                      20
#define TC_DEFAULT_MAX_FRAME_BYTES               65536

#define TC_HELLO_VERSION_OFFSET                  24
#define TC_HELLO_FLAGS_OFFSET                    26
#define TC_HELLO_TENANT_OFFSET                   28
#define TC_HELLO_ACCOUNT_OFFSET                  32
#define TC_HELLO_SERVER_OFFSET_OFFSET            40
#define TC_HELLO_RESUME_OFFSET                   44
#define TC_HELLO_TERMINAL_ID_OFFSET              52
#define TC_HELLO_FLAG_RESET                      1
#define TC_SYMBOL_FIXED_LENGTH                   34

#define TC_WELCOME_VERSION_OFFSET                24
#define TC_WELCOME_HEARTBEAT_INTERVAL_OFFSET     28
#define TC_WELCOME_HEARTBEAT_TIMEOUT_OFFSET      32
#define TC_WELCOME_MAX_FRAME_BYTES_OFFSET        36
#define TC_WELCOME_MAX_FRAMES_PER_SECOND_OFFSET  40
#define TC_WELCOME_SYMBOL_COUNT_OFFSET           44
#define TC_WELCOME_SYMBOLS_OFFSET                46

#define TC_TICKS_COUNT_OFFSET                    24
#define TC_TICKS_FIRST_OFFSET                    28
#define TC_TICK_LENGTH                           48
#define TC_TICK_SYMBOL_OFFSET                    0
#define TC_TICK_TIME_OFFSET                      4
#define TC_TICK_BID_OFFSET                       12
#define TC_TICK_ASK_OFFSET                       20
#define TC_TICK_LAST_OFFSET                      28
#define TC_TICK_VOLUME_OFFSET                    36
#define TC_TICK_FLAGS_OFFSET                     44

#define TC_EXECUTION_ORDER_ID_OFFSET             24
#define TC_EXECUTION_TYPE_OFFSET                 32
#define TC_EXECUTION_RETCODE_OFFSET              36
#define TC_EXECUTION_VENUE_ORDER_ID_OFFSET       40
#define TC_EXECUTION_DEAL_ID_OFFSET              48
#define TC_EXECUTION_QUANTITY_OFFSET             56
#define TC_EXECUTION_PRICE_OFFSET                64
#define TC_EXECUTION_COMMISSION_OFFSET           72
#define TC_EXECUTION_TEXT_OFFSET                 80

#define TC_ACCOUNT_BALANCE_OFFSET                24
#define TC_ACCOUNT_EQUITY_OFFSET                 32
#define TC_ACCOUNT_MARGIN_OFFSET                 40
#define TC_ACCOUNT_LEVERAGE_OFFSET               48
#define TC_ACCOUNT_POSITION_COUNT_OFFSET         52
#define TC_ACCOUNT_POSITIONS_OFFSET              56
#define TC_POSITION_LENGTH                       20

#define TC_ORDER_ID_OFFSET                       24
#define TC_ORDER_CLIENT_ORDER_ID_OFFSET          32
#define TC_ORDER_SYMBOL_OFFSET                   40
#define TC_ORDER_ACTION_OFFSET                   44
#define TC_ORDER_SIDE_OFFSET                     45
#define TC_ORDER_TYPE_OFFSET                     46
#define TC_ORDER_TIME_IN_FORCE_OFFSET            47
#define TC_ORDER_QUANTITY_OFFSET                 48
#define TC_ORDER_PRICE_OFFSET                    56
#define TC_ORDER_STOP_PRICE_OFFSET               64
#define TC_ORDER_EXPIRY_OFFSET                   72
#define TC_ORDER_VENUE_ORDER_ID_OFFSET           80
#define TC_ORDER_CAUSE_TICK_TIME_OFFSET          88
#define TC_ORDER_LENGTH                          96

#define TC_HEARTBEAT_SEND_TIME_OFFSET            24
#define TC_HEARTBEAT_ECHO_TIME_OFFSET            32
#define TC_HEARTBEAT_LENGTH                      40

#define TC_ERROR_CODE_OFFSET                     24
#define TC_ERROR_TEXT_LENGTH_OFFSET              26
#define TC_ERROR_TEXT_OFFSET                     28
#define TC_MAX_ERROR_TEXT                        1024
#define TC_MAX_STRING                            255

#define TC_ACTION_NEW                            0
#define TC_ACTION_CANCEL                         1
#define TC_ACTION_MODIFY                         2

#define TC_EXEC_ACCEPTED                         0
#define TC_EXEC_PARTIAL_FILL                     1
#define TC_EXEC_FILL                             2
#define TC_EXEC_REJECTED                         3
#define TC_EXEC_CANCELLED                        4
#define TC_EXEC_EXPIRED                          5

#define TC_FILLING_FOK                           1
#define TC_FILLING_IOC                           2

//--- ORDER enums (PROTOCOL.md, ORDER: side, orderType, timeInForce)
#define TC_SIDE_BUY                              0
#define TC_SIDE_SELL                             1
#define TC_ORDTYPE_MARKET                        0
#define TC_ORDTYPE_LIMIT                         1
#define TC_ORDTYPE_STOP                          2
#define TC_ORDTYPE_STOP_LIMIT                    3
#define TC_TIF_GTC                               0
#define TC_TIF_IOC                               1
#define TC_TIF_FOK                               2
#define TC_TIF_DAY                               3

//--- frame types (FrameType)
#define TC_FRAME_HELLO                           1
#define TC_FRAME_WELCOME                         2
#define TC_FRAME_TICKS                           10
#define TC_FRAME_EXECUTION                       11
#define TC_FRAME_ACCOUNT                         12
#define TC_FRAME_ORDER                           20
#define TC_FRAME_HEARTBEAT                       30
#define TC_FRAME_ERROR                           31

//--- ERROR codes (ErrorCode)
#define TC_ERR_MALFORMED_FRAME                   1
#define TC_ERR_FRAME_TOO_LARGE                   2
#define TC_ERR_UNSUPPORTED_VERSION               3
#define TC_ERR_AUTHENTICATION_FAILED             4
#define TC_ERR_RATE_LIMITED                      5
#define TC_ERR_HANDSHAKE_REQUIRED                6
#define TC_ERR_SEQUENCE_GAP                      7
#define TC_ERR_ACCOUNT_IN_USE                    8
#define TC_ERR_SESSION_REPLACED                  9
#define TC_ERR_HEARTBEAT_TIMEOUT                 10
#define TC_ERR_SHUTTING_DOWN                     11
#define TC_ERR_SLOW_CONSUMER                     12

//--- the EA's own settings (not protocol)
#define EA_BACKOFF_FIRST_MS                      1000
#define EA_BACKOFF_MAX_MS                        30000
#define EA_CONNECT_TIMEOUT_MS                    3000
#define EA_SEND_TIMEOUT_MS                       2000
#define EA_HANDSHAKE_TIMEOUT_MS                  5000
#define EA_DEFAULT_HEARTBEAT_INTERVAL_MS         1000
#define EA_DEFAULT_HEARTBEAT_TIMEOUT_MS          5000
#define EA_DEFAULT_MAX_FRAMES_PER_SECOND         1000
#define EA_MAX_TICK_FRAMES_PER_PUMP              16
#define EA_RECONCILE_WINDOW_MS                   5000
#define EA_RECONCILE_RETRY_MS                    500
#define EA_RESET_RECONCILE_MS                    10000
#define EA_HISTORY_LOOKBACK_SECONDS              604800
#define EA_FLUSH_GLOBALS_MS                      10000
#define EA_TICK_WINDOW_MS                        60000
#define EA_READ_CHUNK                            65536
#define EA_MAX_REPORTED_DEALS                    100000
#define EA_READ_TIMEOUT_MS                       1
#define EA_DEFERRED_END_MS                       5000
#define EA_ERR_FUNCTION_NOT_ALLOWED              4014
#define EA_ERR_NETSOCKET_IO_ERROR                5273

input string InpHost              = "127.0.0.1";   // Bridge host (must be on the allow-list)
input int    InpPort              = 8001;          // Bridge TCP port
input bool   InpTls               = false;         // TLS to the bridge (a certificate Windows trusts)
input string InpToken             = "";            // Token configured in the bridge
input int    InpTenantId          = 1;             // Tenant id in the core
input string InpTerminalId        = "";            // Terminal id (empty = login@server)
input string InpSymbolMap         = "";            // core=broker;... (empty = chart symbol)
input long   InpMagic             = 770001;        // Magic number of the EA's orders
input int    InpTimerMs           = 20;            // Timer period, ms
input int    InpTickBatch         = 256;           // Most ticks per TICKS frame
input int    InpResendLimitMb     = 32;            // Memory for unacknowledged frames, MB
input int    InpDeviationPoints   = 10;            // Market order deviation, points
input int    InpAccountIntervalMs = 5000;          // ACCOUNT snapshot period, ms
input int    InpMaxCatchUpMinutes = 60;            // Tick catch-up after a restart, minutes

//--- symbols, in HELLO order: the position is the symbol index
string g_broker[];
string g_core[];
int    g_digits[];
double g_scale[];
int    g_filling[];
int    g_exeMode[];      // SYMBOL_TRADE_EXEMODE: which fill policies each order type may use
bool   g_accepted[];
long   g_sentMsc[];      // time_msc of the last tick put into a frame
int    g_sentCount[];    // how many ticks of that millisecond were put into frames
long   g_ackedMsc[];     // the same, for the last tick the bridge acknowledged (persisted)
int    g_ackedCount[];
int    g_symbolCount = 0;

//--- connection
int    g_socket = INVALID_HANDLE;
bool   g_welcomed = false;
bool   g_stopped = false;
bool   g_resetPending = true;   // a fresh EA start remembers nothing: the first HELLO carries RESET
bool   g_sessionIsReset = false;
ulong  g_connectedAtMs = 0;
ulong  g_nextAttemptMs = 0;
int    g_backoffMs = EA_BACKOFF_FIRST_MS;
ulong  g_lastReceivedMs = 0;
ulong  g_lastSentMs = 0;
ulong  g_resetReconcileUntilMs = 0;
int    g_connectionGeneration = 0;
int    g_heartbeatIntervalMs = EA_DEFAULT_HEARTBEAT_INTERVAL_MS;
int    g_heartbeatTimeoutMs = EA_DEFAULT_HEARTBEAT_TIMEOUT_MS;
int    g_maxFrameBytes = TC_DEFAULT_MAX_FRAME_BYTES;
int    g_maxFramesPerSecond = EA_DEFAULT_MAX_FRAMES_PER_SECOND;
ulong  g_rateSecond = 0;
int    g_framesThisSecond = 0;
long   g_lastHeartbeatSeen = 0;
string g_terminalId = "";

//--- sequences: ours out, the bridge's ORDER seq in
long   g_nextSeq = 1;
long   g_peerAck = 0;
long   g_sentUpTo = 0;
long   g_lastOrderSeq = 0;
long   g_lastAckSent = 0;

//--- receive buffer
uchar  g_rx[];
uchar  g_chunk[];

//--- frame under construction
uchar  g_out[];
int    g_outLength = 0;

//--- resend buffer: every sequenced frame until the bridge acknowledges it
uchar  g_resendBytes[];
long   g_resendSeq[];
int    g_resendStart[];
int    g_resendLength[];
int    g_resendCount = 0;
long   g_resendLimitBytes = 0;

//--- cursors to persist once the frame carrying them is acknowledged (symbol -1: deals)
long   g_cursorSeq[];
int    g_cursorSymbol[];
long   g_cursorMsc[];
int    g_cursorCount[];
int    g_cursorTotal = 0;
long   g_dealCursorMsc = 0;
bool   g_globalsDirty = false;
ulong  g_globalsFlushedMs = 0;

//--- ticks being batched
MqlTick g_pulled[];
MqlTick g_batch[];
int     g_batchSymbol[];
bool    g_inBatch[];

//--- orders: core order id <-> MT5 ticket, requested and filled volume (lots x 10^4)
CHashMap<long, ulong>  g_orderTicket;
CHashMap<ulong, long>  g_ticketOrder;
CHashMap<long, long>   g_orderRequested;
CHashMap<long, long>   g_orderFilled;
//--- ends (CANCELLED, EXPIRED, REJECTED) waiting for the order's deals, so fills always go out first
CHashMap<long, long>   g_orderEndAt;     // executed volume after which the end is reported; LONG_MAX = not yet known
CHashMap<long, int>    g_orderEndType;
CHashMap<long, int>    g_orderEndCode;
CHashMap<long, string> g_orderEndText;
CHashMap<long, ulong>  g_orderEndSinceMs;
CHashSet<long>         g_orderFinished;
CHashSet<ulong>        g_reportedDeals;

//--- orders whose outcome was uncertain, reconciled from the timer
long   g_recOrderId[];
int    g_recSymbol[];
long   g_recRequested[];
int    g_recRetcode[];
string g_recText[];
ulong  g_recDeadlineMs[];
ulong  g_recNextTryMs[];
int    g_recCount = 0;

bool   g_accountDirty = true;
ulong  g_accountSentMs = 0;

//+------------------------------------------------------------------+
//| Clock: a monotonic millisecond counter                           |
//+------------------------------------------------------------------+
ulong NowMs()
{
   return GetMicrosecondCount() / 1000;
}

//+------------------------------------------------------------------+
//| Little-endian packing into g_out (the frame under construction)  |
//+------------------------------------------------------------------+
void Reserve(const int bytes)
{
   if(ArraySize(g_out) < g_outLength + bytes)
      ArrayResize(g_out, g_outLength + bytes, 4096);
}

void PutU8(const int value)
{
   Reserve(1);
   g_out[g_outLength] = (uchar)(value & 0xFF);
   g_outLength += 1;
}

void PutU16(const int value)
{
   Reserve(2);
   g_out[g_outLength]     = (uchar)(value & 0xFF);
   g_out[g_outLength + 1] = (uchar)((value >> 8) & 0xFF);
   g_outLength += 2;
}

void PutI32(const int value)
{
   Reserve(4);
   for(int i = 0; i < 4; i++)
      g_out[g_outLength + i] = (uchar)((value >> (8 * i)) & 0xFF);
   g_outLength += 4;
}

void PutU32(const uint value)
{
   PutI32((int)value);
}

void PutI64(const long value)
{
   Reserve(8);
   for(int i = 0; i < 8; i++)
      g_out[g_outLength + i] = (uchar)((value >> (8 * i)) & 0xFF);
   g_outLength += 8;
}

//--- US-ASCII only: anything else becomes '?', as the bridge decodes US-ASCII
void PutAscii(const string value, const int maxLength)
{
   const int length = MathMin(StringLen(value), maxLength);
   Reserve(length);
   for(int i = 0; i < length; i++)
   {
      const ushort c = StringGetCharacter(value, i);
      g_out[g_outLength + i] = (uchar)(c < 128 ? c : '?');
   }
   g_outLength += length;
}

void PutString(const string value)
{
   PutU8(MathMin(StringLen(value), TC_MAX_STRING));
   PutAscii(value, TC_MAX_STRING);
}

void SetU16(uchar &buffer[], const int at, const int value)
{
   buffer[at]     = (uchar)(value & 0xFF);
   buffer[at + 1] = (uchar)((value >> 8) & 0xFF);
}

void SetI64(uchar &buffer[], const int at, const long value)
{
   for(int i = 0; i < 8; i++)
      buffer[at + i] = (uchar)((value >> (8 * i)) & 0xFF);
}

//+------------------------------------------------------------------+
//| Little-endian reading; callers check bounds first                |
//+------------------------------------------------------------------+
int GetU8(const uchar &buffer[], const int at)
{
   return (int)buffer[at];
}

int GetU16(const uchar &buffer[], const int at)
{
   return (int)buffer[at] | ((int)buffer[at + 1] << 8);
}

int GetI32(const uchar &buffer[], const int at)
{
   return (int)((uint)buffer[at] | ((uint)buffer[at + 1] << 8) | ((uint)buffer[at + 2] << 16) |
                ((uint)buffer[at + 3] << 24));
}

long GetU32(const uchar &buffer[], const int at)
{
   return (long)((uint)GetI32(buffer, at));
}

long GetI64(const uchar &buffer[], const int at)
{
   long value = 0;
   for(int i = 7; i >= 0; i--)
      value = (value << 8) | (long)buffer[at + i];
   return value;
}

//--- a u8-length string at 'at' that must end by 'end'; returns the position after it, -1 if it runs past
int GetString(const uchar &buffer[], const int at, const int end, string &value)
{
   value = "";
   if(at + 1 > end)
      return -1;
   const int length = GetU8(buffer, at);
   if(at + 1 + length > end)
      return -1;
   if(length > 0)
      value = CharArrayToString(buffer, at + 1, length, CP_ACP);
   return at + 1 + length;
}

//+------------------------------------------------------------------+
//| Names for logs                                                   |
//+------------------------------------------------------------------+
string ErrorCodeName(const int code)
{
   switch(code)
   {
      case TC_ERR_MALFORMED_FRAME:       return "MALFORMED_FRAME";
      case TC_ERR_FRAME_TOO_LARGE:       return "FRAME_TOO_LARGE";
      case TC_ERR_UNSUPPORTED_VERSION:   return "UNSUPPORTED_VERSION";
      case TC_ERR_AUTHENTICATION_FAILED: return "AUTHENTICATION_FAILED";
      case TC_ERR_RATE_LIMITED:          return "RATE_LIMITED";
      case TC_ERR_HANDSHAKE_REQUIRED:    return "HANDSHAKE_REQUIRED";
      case TC_ERR_SEQUENCE_GAP:          return "SEQUENCE_GAP";
      case TC_ERR_ACCOUNT_IN_USE:        return "ACCOUNT_IN_USE";
      case TC_ERR_SESSION_REPLACED:      return "SESSION_REPLACED";
      case TC_ERR_HEARTBEAT_TIMEOUT:     return "HEARTBEAT_TIMEOUT";
      case TC_ERR_SHUTTING_DOWN:         return "SHUTTING_DOWN";
      case TC_ERR_SLOW_CONSUMER:         return "SLOW_CONSUMER";
   }
   return "UNKNOWN(" + IntegerToString(code) + ")";
}

//+------------------------------------------------------------------+
//| Conversions at the edge: doubles to the protocol's fixed point   |
//+------------------------------------------------------------------+
long ToPoints(const int symbol, const double price)
{
   return (long)MathRound(price * g_scale[symbol]);
}

double FromPoints(const int symbol, const long points)
{
   return NormalizeDouble((double)points / g_scale[symbol], g_digits[symbol]);
}

long ToLots(const double lots)
{
   return (long)MathRound(lots * 10000.0);
}

double FromLots(const long lots)
{
   return (double)lots / 10000.0;
}

long ToMoney(const double money)
{
   return (long)MathRound(money * 1000000.0);
}

int SymbolIndexOf(const string brokerSymbol)
{
   for(int i = 0; i < g_symbolCount; i++)
      if(g_broker[i] == brokerSymbol)
         return i;
   return -1;
}

//+------------------------------------------------------------------+
//| Frame builders. Each writes the body fields in PROTOCOL.md order |
//| (the layout test reads the Put* calls of these functions).       |
//+------------------------------------------------------------------+
void BeginFrame(const int type, const long seq)
{
   g_outLength = 0;
   PutU32(0);
   PutU16(type);
   PutU16(0);
   PutI64(seq);
   PutI64(g_lastOrderSeq);
}

//--- the length field counts the bytes after itself
void EndFrame()
{
   const int value = g_outLength - TC_LENGTH_FIELD_SIZE;
   for(int i = 0; i < 4; i++)
      g_out[TC_LENGTH_OFFSET + i] = (uchar)((value >> (8 * i)) & 0xFF);
}

void BuildHello()
{
   BeginFrame(TC_FRAME_HELLO, 0);
   PutU16(TC_PROTOCOL_VERSION);
   PutU16(g_resetPending ? TC_HELLO_FLAG_RESET : 0);
   PutI32(InpTenantId);
   PutI64(AccountInfoInteger(ACCOUNT_LOGIN));
   PutI32((int)(TimeTradeServer() - TimeGMT()));
   PutI64(g_resendCount > 0 ? g_resendSeq[0] : g_nextSeq);
   PutString(g_terminalId);
   PutString(InpToken);
   PutU16(g_symbolCount);
   for(int i = 0; i < g_symbolCount; i++)
   {
      const string name = g_broker[i];
      PutString(name);
      PutString(g_core[i]);
      PutU8(g_digits[i]);
      PutU8(g_filling[i]);
      PutI64((long)MathRound(SymbolInfoDouble(name, SYMBOL_TRADE_CONTRACT_SIZE)));
      PutI64(ToLots(SymbolInfoDouble(name, SYMBOL_VOLUME_MIN)));
      PutI64(ToLots(SymbolInfoDouble(name, SYMBOL_VOLUME_STEP)));
      PutI64(ToLots(SymbolInfoDouble(name, SYMBOL_VOLUME_MAX)));
   }
   EndFrame();
}

void BuildTicks(const long seq, const int count)
{
   BeginFrame(TC_FRAME_TICKS, seq);
   PutU16(count);
   PutU16(0);
   for(int i = 0; i < count; i++)
   {
      const int symbol = g_batchSymbol[i];
      const double volume = g_batch[i].volume_real > 0.0 ? g_batch[i].volume_real : (double)g_batch[i].volume;
      PutI32(symbol);
      PutI64(g_batch[i].time_msc);
      PutI64(ToPoints(symbol, g_batch[i].bid));
      PutI64(ToPoints(symbol, g_batch[i].ask));
      PutI64(ToPoints(symbol, g_batch[i].last));
      PutI64(ToLots(volume));
      PutU32(g_batch[i].flags);
   }
   EndFrame();
}

void BuildExecution(const long seq, const long orderId, const int execType, const int retcode,
                    const long venueOrderId, const long dealId, const long lastQuantity, const long lastPrice,
                    const long commission, const string text)
{
   BeginFrame(TC_FRAME_EXECUTION, seq);
   PutI64(orderId);
   PutU8(execType);
   PutU8(0);
   PutU16(0);
   PutI32(retcode);
   PutI64(venueOrderId);
   PutI64(dealId);
   PutI64(lastQuantity);
   PutI64(lastPrice);
   PutI64(commission);
   PutString(text);
   EndFrame();
}

//--- net position per symbol index: hedging accounts are netted, the average taken over the net side
void BuildAccount(const long seq)
{
   long   net[];
   double buyVolume[], buyValue[], sellVolume[], sellValue[];
   ArrayResize(net, g_symbolCount);
   ArrayResize(buyVolume, g_symbolCount);
   ArrayResize(buyValue, g_symbolCount);
   ArrayResize(sellVolume, g_symbolCount);
   ArrayResize(sellValue, g_symbolCount);
   ArrayInitialize(buyVolume, 0.0);
   ArrayInitialize(buyValue, 0.0);
   ArrayInitialize(sellVolume, 0.0);
   ArrayInitialize(sellValue, 0.0);
   const int total = PositionsTotal();
   for(int p = 0; p < total; p++)
   {
      const string name = PositionGetSymbol(p);
      const int s = SymbolIndexOf(name);
      if(s < 0)
         continue;
      const double volume = PositionGetDouble(POSITION_VOLUME);
      const double price = PositionGetDouble(POSITION_PRICE_OPEN);
      if(PositionGetInteger(POSITION_TYPE) == POSITION_TYPE_BUY)
      {
         buyVolume[s] += volume;
         buyValue[s] += volume * price;
      }
      else
      {
         sellVolume[s] += volume;
         sellValue[s] += volume * price;
      }
   }
   int count = 0;
   for(int s = 0; s < g_symbolCount; s++)
   {
      net[s] = ToLots(buyVolume[s]) - ToLots(sellVolume[s]);
      if(net[s] != 0)
         count++;
   }
   BeginFrame(TC_FRAME_ACCOUNT, seq);
   PutI64(ToMoney(AccountInfoDouble(ACCOUNT_BALANCE)));
   PutI64(ToMoney(AccountInfoDouble(ACCOUNT_EQUITY)));
   PutI64(ToMoney(AccountInfoDouble(ACCOUNT_MARGIN)));
   PutI32((int)AccountInfoInteger(ACCOUNT_LEVERAGE));
   PutU16(count);
   PutU16(0);
   for(int s = 0; s < g_symbolCount; s++)
   {
      if(net[s] == 0)
         continue;
      const double average = net[s] > 0 ? buyValue[s] / buyVolume[s] : sellValue[s] / sellVolume[s];
      PutI32(s);
      PutI64(net[s]);
      PutI64(ToPoints(s, average));
   }
   EndFrame();
}

void BuildHeartbeat()
{
   BeginFrame(TC_FRAME_HEARTBEAT, 0);
   PutI64((long)GetMicrosecondCount() * 1000);
   PutI64(g_lastHeartbeatSeen);
   EndFrame();
}

void BuildError(const int code, const string text)
{
   const int length = MathMin(StringLen(text), TC_MAX_ERROR_TEXT);
   BeginFrame(TC_FRAME_ERROR, 0);
   PutU16(code);
   PutU16(length);
   PutAscii(text, TC_MAX_ERROR_TEXT);
   EndFrame();
}

//+------------------------------------------------------------------+
//| Socket output                                                    |
//+------------------------------------------------------------------+
bool RateAllows()
{
   const ulong second = NowMs() / 1000;
   if(second != g_rateSecond)
   {
      g_rateSecond = second;
      g_framesThisSecond = 0;
   }
   // a margin under the bridge's limit: exceeding it ends the session
   return g_framesThisSecond < (g_maxFramesPerSecond * 9) / 10;
}

//--- writes all of bytes[start..start+length); a short write is continued, a failure closes the socket
bool SendBytes(const uchar &bytes[], const int start, const int length)
{
   if(g_socket == INVALID_HANDLE)
      return false;
   uchar part[];
   int done = 0;
   while(done < length)
   {
      ArrayResize(part, length - done);
      ArrayCopy(part, bytes, 0, start + done, length - done);
      const int sent = InpTls ? SocketTlsSend(g_socket, part, (uint)(length - done)) :
                       SocketSend(g_socket, part, (uint)(length - done));
      if(sent <= 0)
      {
         Disconnect("send failed, error " + IntegerToString(GetLastError()));
         return false;
      }
      done += sent;
   }
   g_lastSentMs = NowMs();
   g_framesThisSecond++;
   return true;
}

bool SendOut()
{
   return SendBytes(g_out, 0, g_outLength);
}

void SendErrorAndClose(const int code, const string text)
{
   Print("TradingCoreBridge: closing with ", ErrorCodeName(code), ": ", text);
   if(g_socket != INVALID_HANDLE)
   {
      BuildError(code, text);
      SendOut();
   }
   Disconnect(ErrorCodeName(code));
}

//+------------------------------------------------------------------+
//| Resend buffer                                                    |
//+------------------------------------------------------------------+
bool ResendFull()
{
   return ArraySize(g_resendBytes) >= g_resendLimitBytes;
}

//--- takes the frame in g_out (already numbered with g_nextSeq) into the buffer and sends what may go
void Enqueue()
{
   const int start = ArraySize(g_resendBytes);
   ArrayResize(g_resendBytes, start + g_outLength, 65536);
   ArrayCopy(g_resendBytes, g_out, start, 0, g_outLength);
   ArrayResize(g_resendSeq, g_resendCount + 1, 1024);
   ArrayResize(g_resendStart, g_resendCount + 1, 1024);
   ArrayResize(g_resendLength, g_resendCount + 1, 1024);
   g_resendSeq[g_resendCount] = g_nextSeq;
   g_resendStart[g_resendCount] = start;
   g_resendLength[g_resendCount] = g_outLength;
   g_resendCount++;
   g_nextSeq++;
   Flush();
}

//--- sends, in order, the frames the bridge has not been sent on this connection, each with the current ack
void Flush()
{
   if(!g_welcomed)
      return;
   for(int i = 0; i < g_resendCount; i++)
   {
      if(g_resendSeq[i] <= g_sentUpTo)
         continue;
      if(!RateAllows())
         return;
      SetI64(g_resendBytes, g_resendStart[i] + TC_ACK_OFFSET, g_lastOrderSeq);
      if(!SendBytes(g_resendBytes, g_resendStart[i], g_resendLength[i]))
         return;
      g_sentUpTo = g_resendSeq[i];
      g_lastAckSent = g_lastOrderSeq;
   }
}

void RecordCursor(const long seq, const int symbol, const long msc, const int count)
{
   ArrayResize(g_cursorSeq, g_cursorTotal + 1, 1024);
   ArrayResize(g_cursorSymbol, g_cursorTotal + 1, 1024);
   ArrayResize(g_cursorMsc, g_cursorTotal + 1, 1024);
   ArrayResize(g_cursorCount, g_cursorTotal + 1, 1024);
   g_cursorSeq[g_cursorTotal] = seq;
   g_cursorSymbol[g_cursorTotal] = symbol;
   g_cursorMsc[g_cursorTotal] = msc;
   g_cursorCount[g_cursorTotal] = count;
   g_cursorTotal++;
}

//--- the bridge holds everything up to ack safe: forget those frames and persist their cursors
void OnPeerAck(const long ack)
{
   if(ack <= g_peerAck)
      return;
   g_peerAck = ack;
   int frames = 0;
   while(frames < g_resendCount && g_resendSeq[frames] <= ack)
      frames++;
   if(frames > 0)
   {
      const int bytes = frames < g_resendCount ? g_resendStart[frames] : ArraySize(g_resendBytes);
      ArrayRemove(g_resendBytes, 0, bytes);
      ArrayRemove(g_resendSeq, 0, frames);
      ArrayRemove(g_resendStart, 0, frames);
      ArrayRemove(g_resendLength, 0, frames);
      g_resendCount -= frames;
      for(int i = 0; i < g_resendCount; i++)
         g_resendStart[i] -= bytes;
   }
   int cursors = 0;
   while(cursors < g_cursorTotal && g_cursorSeq[cursors] <= ack)
   {
      const int s = g_cursorSymbol[cursors];
      if(s < 0)
         g_dealCursorMsc = MathMax(g_dealCursorMsc, g_cursorMsc[cursors]);
      else
      {
         g_ackedMsc[s] = g_cursorMsc[cursors];
         g_ackedCount[s] = g_cursorCount[cursors];
      }
      cursors++;
   }
   if(cursors > 0)
   {
      ArrayRemove(g_cursorSeq, 0, cursors);
      ArrayRemove(g_cursorSymbol, 0, cursors);
      ArrayRemove(g_cursorMsc, 0, cursors);
      ArrayRemove(g_cursorCount, 0, cursors);
      g_cursorTotal -= cursors;
      g_globalsDirty = true;
   }
}

//+------------------------------------------------------------------+
//| Persisted cursors (terminal global variables)                    |
//+------------------------------------------------------------------+
string CursorName(const string symbol, const string suffix)
{
   // global variable names are limited to 63 characters
   return StringSubstr("tc." + IntegerToString(AccountInfoInteger(ACCOUNT_LOGIN)) + "." + symbol, 0, 60) + suffix;
}

void SaveCursors(const bool force)
{
   if(!g_globalsDirty)
      return;
   for(int s = 0; s < g_symbolCount; s++)
   {
      if(g_ackedMsc[s] <= 0)
         continue;
      GlobalVariableSet(CursorName(g_broker[s], ".t"), (double)g_ackedMsc[s]);
      GlobalVariableSet(CursorName(g_broker[s], ".n"), (double)g_ackedCount[s]);
   }
   if(g_dealCursorMsc > 0)
      GlobalVariableSet(CursorName("#deals", ".t"), (double)g_dealCursorMsc);
   g_globalsDirty = false;
   if(force || NowMs() - g_globalsFlushedMs >= EA_FLUSH_GLOBALS_MS)
   {
      GlobalVariablesFlush();
      g_globalsFlushedMs = NowMs();
   }
}

//--- resume after the last acknowledged tick, at most InpMaxCatchUpMinutes back; otherwise from now
void LoadCursor(const int s)
{
   MqlTick now;
   long nowMsc = (long)TimeTradeServer() * 1000;
   if(SymbolInfoTick(g_broker[s], now) && now.time_msc > 0)
      nowMsc = now.time_msc;
   const long oldest = nowMsc - (long)InpMaxCatchUpMinutes * 60000;
   const string timeName = CursorName(g_broker[s], ".t");
   long msc = nowMsc;
   int count = 0;
   if(GlobalVariableCheck(timeName))
   {
      msc = (long)GlobalVariableGet(timeName);
      count = (int)GlobalVariableGet(CursorName(g_broker[s], ".n"));
      if(msc < oldest)
      {
         msc = oldest;
         count = 0;
      }
   }
   g_sentMsc[s] = msc;
   g_sentCount[s] = count;
   g_ackedMsc[s] = msc;
   g_ackedCount[s] = count;
}

//+------------------------------------------------------------------+
//| Connection                                                       |
//+------------------------------------------------------------------+
void Disconnect(const string reason)
{
   if(g_socket != INVALID_HANDLE)
   {
      SocketClose(g_socket);
      Print("TradingCoreBridge: disconnected (", reason, "), reconnecting in ", g_backoffMs, " ms");
   }
   g_socket = INVALID_HANDLE;
   g_welcomed = false;
   g_connectionGeneration++;
   ArrayResize(g_rx, 0);
   g_nextAttemptMs = NowMs() + g_backoffMs;
   g_backoffMs = MathMin(g_backoffMs * 2, EA_BACKOFF_MAX_MS);
}

void Stop(const string why)
{
   Alert("TradingCoreBridge stopped: ", why);
   g_stopped = true;
   if(g_socket != INVALID_HANDLE)
      SocketClose(g_socket);
   g_socket = INVALID_HANDLE;
   g_welcomed = false;
   ExpertRemove();
}

void Connect()
{
   g_nextAttemptMs = NowMs() + g_backoffMs;
   g_socket = SocketCreate();
   if(g_socket == INVALID_HANDLE)
   {
      Print("TradingCoreBridge: SocketCreate failed, error ", GetLastError());
      g_backoffMs = MathMin(g_backoffMs * 2, EA_BACKOFF_MAX_MS);
      return;
   }
   ResetLastError();
   if(!SocketConnect(g_socket, InpHost, (uint)InpPort, EA_CONNECT_TIMEOUT_MS))
   {
      const int error = GetLastError();
      if(error == EA_ERR_FUNCTION_NOT_ALLOWED)
         Print("TradingCoreBridge: connecting to ", InpHost, " is not allowed (error 4014). Add \"", InpHost,
               "\" in Tools > Options > Expert Advisors > \"Allow WebRequest for listed URL\" (the same list",
               " allows sockets) and tick \"Allow algorithmic trading\".");
      else
         Print("TradingCoreBridge: cannot connect to ", InpHost, ":", InpPort, ", error ", error,
               "; next attempt in ", g_backoffMs, " ms");
      SocketClose(g_socket);
      g_socket = INVALID_HANDLE;
      g_backoffMs = MathMin(g_backoffMs * 2, EA_BACKOFF_MAX_MS);
      return;
   }
   // TLS right after the TCP connection, before any frame: the token in HELLO never crosses the network in clear
   if(InpTls && !SocketTlsHandshake(g_socket, InpHost))
   {
      Print("TradingCoreBridge: TLS handshake with ", InpHost, ":", InpPort, " failed, error ", GetLastError(),
            " (is TLS on at the bridge, and does Windows trust its certificate?); next attempt in ",
            g_backoffMs, " ms");
      SocketClose(g_socket);
      g_socket = INVALID_HANDLE;
      g_backoffMs = MathMin(g_backoffMs * 2, EA_BACKOFF_MAX_MS);
      return;
   }
   SocketTimeouts(g_socket, EA_SEND_TIMEOUT_MS, 1);
   g_connectionGeneration++;
   g_connectedAtMs = NowMs();
   g_lastReceivedMs = g_connectedAtMs;
   g_welcomed = false;
   g_heartbeatIntervalMs = EA_DEFAULT_HEARTBEAT_INTERVAL_MS;
   g_heartbeatTimeoutMs = EA_DEFAULT_HEARTBEAT_TIMEOUT_MS;
   g_maxFrameBytes = TC_DEFAULT_MAX_FRAME_BYTES;
   ArrayResize(g_rx, 0);
   BuildHello();
   if(SendOut())
      Print("TradingCoreBridge: connected to ", InpHost, ":", InpPort, ", HELLO sent",
            g_resetPending ? " (RESET)" : "", ", resuming from seq ",
            IntegerToString(g_resendCount > 0 ? g_resendSeq[0] : g_nextSeq));
}

//+------------------------------------------------------------------+
//| Receiving: cut the stream into frames                            |
//+------------------------------------------------------------------+
//--- nothing to read is the usual case, not a failure: SocketIsReadable answers a dummy 1 on an empty buffer and
//--- SocketRead then returns -1 on its timeout. Only ERR_NETSOCKET_IO_ERROR (5273) or a socket no longer
//--- connected means the link is gone.
bool LinkLost(const int error)
{
   return error == EA_ERR_NETSOCKET_IO_ERROR || !SocketIsConnected(g_socket);
}

void Receive()
{
   while(g_socket != INVALID_HANDLE)
   {
      // what is readable goes first: the bridge's last frame before it closes is an ERROR that says why
      ResetLastError();
      const uint readable = SocketIsReadable(g_socket);
      if(readable == 0)
      {
         if(LinkLost(GetLastError()))
            Disconnect("connection closed by the bridge");
         return;
      }
      const uint want = MathMin(readable, (uint)EA_READ_CHUNK);
      // SocketRead grows a dynamic array by the bytes it reads: empty, the chunk holds those bytes and no others
      ArrayFree(g_chunk);
      ResetLastError();
      const int got = InpTls ? SocketTlsRead(g_socket, g_chunk, want)
                             : SocketRead(g_socket, g_chunk, want, EA_READ_TIMEOUT_MS);
      if(got <= 0)
      {
         const int error = GetLastError();
         if(LinkLost(error))
            Disconnect("read failed, error " + IntegerToString(error));
         return;
      }
      const int held = ArraySize(g_rx);
      ArrayResize(g_rx, held + got, EA_READ_CHUNK);
      ArrayCopy(g_rx, g_chunk, held, 0, got);
      g_lastReceivedMs = NowMs();
      if(!ProcessReceived())
         return;
   }
}

//--- handles every whole frame held; false when the connection ended on the way
bool ProcessReceived()
{
   const int generation = g_connectionGeneration;
   int position = 0;
   const int held = ArraySize(g_rx);
   while(held - position >= TC_LENGTH_FIELD_SIZE)
   {
      const long declared = GetU32(g_rx, position + TC_LENGTH_OFFSET);
      // refused before waiting for the rest, so a bad length cannot make the buffer grow
      if(declared < TC_MIN_LENGTH_VALUE || declared > g_maxFrameBytes - TC_LENGTH_FIELD_SIZE)
      {
         SendErrorAndClose(TC_ERR_FRAME_TOO_LARGE, "frame length field " + IntegerToString(declared) +
                           " is outside " + IntegerToString(TC_MIN_LENGTH_VALUE) + ".." +
                           IntegerToString(g_maxFrameBytes - TC_LENGTH_FIELD_SIZE));
         return false;
      }
      const int frameLength = (int)declared + TC_LENGTH_FIELD_SIZE;
      if(held - position < frameLength)
         break;
      HandleFrame(g_rx, position, frameLength);
      if(generation != g_connectionGeneration || g_socket == INVALID_HANDLE)
         return false;
      position += frameLength;
   }
   if(position > 0)
      ArrayRemove(g_rx, 0, position);
   return true;
}

void HandleFrame(const uchar &b[], const int at, const int length)
{
   const int type = GetU16(b, at + TC_TYPE_OFFSET);
   const long seq = GetI64(b, at + TC_SEQ_OFFSET);
   const long ack = GetI64(b, at + TC_ACK_OFFSET);
   const bool sequenced = type == TC_FRAME_ORDER;
   if(ack < 0 || (sequenced && seq <= 0) || (!sequenced && seq != 0))
   {
      SendErrorAndClose(TC_ERR_MALFORMED_FRAME, "frame type " + IntegerToString(type) + " with seq " +
                        IntegerToString(seq) + " and ack " + IntegerToString(ack));
      return;
   }
   if(!g_welcomed && type != TC_FRAME_WELCOME && type != TC_FRAME_ERROR)
   {
      SendErrorAndClose(TC_ERR_MALFORMED_FRAME, "frame type " + IntegerToString(type) + " before WELCOME");
      return;
   }
   switch(type)
   {
      case TC_FRAME_WELCOME:
         OnWelcome(b, at, length, ack);
         return;
      case TC_FRAME_ORDER:
         if(length != TC_ORDER_LENGTH)
         {
            SendErrorAndClose(TC_ERR_MALFORMED_FRAME, "ORDER of " + IntegerToString(length) + " bytes");
            return;
         }
         OnPeerAck(ack);
         OnOrder(b, at, seq);
         return;
      case TC_FRAME_HEARTBEAT:
         if(length != TC_HEARTBEAT_LENGTH)
         {
            SendErrorAndClose(TC_ERR_MALFORMED_FRAME, "HEARTBEAT of " + IntegerToString(length) + " bytes");
            return;
         }
         OnPeerAck(ack);
         g_lastHeartbeatSeen = GetI64(b, at + TC_HEARTBEAT_SEND_TIME_OFFSET);
         return;
      case TC_FRAME_ERROR:
         OnErrorFrame(b, at, length);
         return;
   }
   SendErrorAndClose(TC_ERR_MALFORMED_FRAME, "frame type " + IntegerToString(type) + " is not sent to a terminal");
}

void OnErrorFrame(const uchar &b[], const int at, const int length)
{
   int code = 0;
   string text = "";
   if(length >= TC_ERROR_TEXT_OFFSET)
   {
      code = GetU16(b, at + TC_ERROR_CODE_OFFSET);
      const int textLength = MathMin(GetU16(b, at + TC_ERROR_TEXT_LENGTH_OFFSET), length - TC_ERROR_TEXT_OFFSET);
      if(textLength > 0)
         text = CharArrayToString(b, at + TC_ERROR_TEXT_OFFSET, textLength, CP_ACP);
   }
   Print("TradingCoreBridge: the bridge closes the session: ", ErrorCodeName(code), ": ", text);
   if(code == TC_ERR_AUTHENTICATION_FAILED)
   {
      Stop("the bridge refused the token for tenant " + IntegerToString(InpTenantId) + " and account " +
           IntegerToString(AccountInfoInteger(ACCOUNT_LOGIN)) + " (AUTHENTICATION_FAILED: " + text +
           "). Check InpToken and InpTenantId.");
      return;
   }
   if(code == TC_ERR_UNSUPPORTED_VERSION)
   {
      Stop("the bridge does not speak protocol version " + IntegerToString(TC_PROTOCOL_VERSION) +
           " (UNSUPPORTED_VERSION: " + text + "). Install the EA that matches the bridge.");
      return;
   }
   Disconnect(ErrorCodeName(code));
}

void OnWelcome(const uchar &b[], const int at, const int length, const long ack)
{
   if(g_welcomed)
   {
      SendErrorAndClose(TC_ERR_MALFORMED_FRAME, "a second WELCOME");
      return;
   }
   const int end = at + length;
   if(length < TC_WELCOME_SYMBOLS_OFFSET)
   {
      SendErrorAndClose(TC_ERR_MALFORMED_FRAME, "WELCOME of " + IntegerToString(length) + " bytes");
      return;
   }
   const int version = GetU16(b, at + TC_WELCOME_VERSION_OFFSET);
   if(version != TC_PROTOCOL_VERSION)
   {
      Stop("the bridge answered with protocol version " + IntegerToString(version) + ", this EA speaks " +
           IntegerToString(TC_PROTOCOL_VERSION));
      return;
   }
   const int count = GetU16(b, at + TC_WELCOME_SYMBOL_COUNT_OFFSET);
   if(count != g_symbolCount)
   {
      SendErrorAndClose(TC_ERR_MALFORMED_FRAME, "WELCOME answers " + IntegerToString(count) + " symbols, HELLO had " +
                        IntegerToString(g_symbolCount));
      return;
   }
   bool accepted[];
   ArrayResize(accepted, count);
   int position = at + TC_WELCOME_SYMBOLS_OFFSET;
   for(int i = 0; i < count; i++)
   {
      if(position + 4 > end)
      {
         SendErrorAndClose(TC_ERR_MALFORMED_FRAME, "WELCOME ends inside symbol " + IntegerToString(i));
         return;
      }
      const int instrumentId = GetI32(b, position);
      string note;
      position = GetString(b, position + 4, end, note);
      if(position < 0)
      {
         SendErrorAndClose(TC_ERR_MALFORMED_FRAME, "WELCOME note of symbol " + IntegerToString(i) + " runs past the end");
         return;
      }
      accepted[i] = instrumentId != 0;
      if(!accepted[i])
         Print("TradingCoreBridge: the core refused ", g_broker[i], " (", g_core[i], "): ", note,
               "; its ticks are not sent and its orders are rejected");
   }
   if(position != end)
   {
      SendErrorAndClose(TC_ERR_MALFORMED_FRAME, "WELCOME has bytes after its last field");
      return;
   }
   for(int i = 0; i < count; i++)
      g_accepted[i] = accepted[i];
   g_heartbeatIntervalMs = MathMax(GetI32(b, at + TC_WELCOME_HEARTBEAT_INTERVAL_OFFSET), 100);
   g_heartbeatTimeoutMs = MathMax(GetI32(b, at + TC_WELCOME_HEARTBEAT_TIMEOUT_OFFSET), g_heartbeatIntervalMs * 2);
   g_maxFrameBytes = MathMax(GetI32(b, at + TC_WELCOME_MAX_FRAME_BYTES_OFFSET), TC_ORDER_LENGTH);
   g_maxFramesPerSecond = MathMax(GetI32(b, at + TC_WELCOME_MAX_FRAMES_PER_SECOND_OFFSET), 10);

   g_sessionIsReset = g_resetPending;
   g_resetPending = false;
   g_welcomed = true;
   g_backoffMs = EA_BACKOFF_FIRST_MS;
   if(ack >= g_nextSeq)
   {
      // the bridge holds more than this EA ever numbered: continue above it so nothing new looks like a resend
      Print("TradingCoreBridge: the bridge acknowledges seq ", IntegerToString(ack), " but the next seq here is ",
            IntegerToString(g_nextSeq), "; continuing from ", IntegerToString(ack + 1));
      g_nextSeq = ack + 1;
   }
   else if(ack < g_peerAck)
      Print("TradingCoreBridge: the bridge's ack ", IntegerToString(ack), " is below the ", IntegerToString(g_peerAck),
            " it acknowledged before; frames in between are gone here");
   OnPeerAck(ack);
   g_sentUpTo = ack;
   Print("TradingCoreBridge: WELCOME, ", count, " symbols, resending ", g_resendCount, " unacknowledged frames",
         g_sessionIsReset ? ", new stream" : "");
   if(g_sessionIsReset)
   {
      // ORDER frames the bridge held are renumbered and sent again right away: reconcile NEW orders by comment
      g_resetReconcileUntilMs = NowMs() + EA_RESET_RECONCILE_MS;
      ReportMissedDeals();
   }
   Flush();
   g_accountDirty = true;
}

//+------------------------------------------------------------------+
//| Orders                                                           |
//+------------------------------------------------------------------+
string OrderComment(const long orderId)
{
   return "tc:" + IntegerToString(orderId);
}

//--- the core's order id in a comment "tc:<orderId>", 0 if the comment is not one of ours
long OrderIdFromComment(const string comment)
{
   if(StringFind(comment, "tc:") != 0 || StringLen(comment) <= 3)
      return 0;
   return StringToInteger(StringSubstr(comment, 3));
}

void Remember(const long orderId, const ulong ticket, const long requested)
{
   if(ticket != 0)
   {
      g_orderTicket.TrySetValue(orderId, ticket);
      g_ticketOrder.TrySetValue(ticket, orderId);
   }
   if(requested > 0)
      g_orderRequested.TrySetValue(orderId, requested);
}

void Report(const long orderId, const int execType, const int retcode, const long venueOrderId, const long dealId,
            const long lastQuantity, const long lastPrice, const long commission, const string text)
{
   BuildExecution(g_nextSeq, orderId, execType, retcode, venueOrderId, dealId, lastQuantity, lastPrice, commission, text);
   Enqueue();
}

//--- an order that is over: reported once, whatever reports it first
void ReportEnd(const long orderId, const int execType, const int retcode, const long ticket, const string text)
{
   if(g_orderFinished.Contains(orderId))
      return;
   g_orderFinished.Add(orderId);
   Report(orderId, execType, retcode, (long)ticket, 0, 0, 0, 0, text);
}

//--- looks for our order with comment tc:<orderId>: working orders, then history orders and deals
ulong FindOrderByComment(const long orderId)
{
   const string comment = OrderComment(orderId);
   const int total = OrdersTotal();
   for(int i = 0; i < total; i++)
   {
      const ulong ticket = OrderGetTicket(i);
      if(ticket != 0 && OrderGetInteger(ORDER_MAGIC) == InpMagic && OrderGetString(ORDER_COMMENT) == comment)
         return ticket;
   }
   if(!HistorySelect(TimeCurrent() - EA_HISTORY_LOOKBACK_SECONDS, TimeCurrent() + 86400))
      return 0;
   const int orders = HistoryOrdersTotal();
   for(int i = orders - 1; i >= 0; i--)
   {
      const ulong ticket = HistoryOrderGetTicket(i);
      if(ticket != 0 && HistoryOrderGetInteger(ticket, ORDER_MAGIC) == InpMagic &&
         HistoryOrderGetString(ticket, ORDER_COMMENT) == comment)
         return ticket;
   }
   const int deals = HistoryDealsTotal();
   for(int i = deals - 1; i >= 0; i--)
   {
      const ulong deal = HistoryDealGetTicket(i);
      if(deal != 0 && HistoryDealGetInteger(deal, DEAL_MAGIC) == InpMagic &&
         HistoryDealGetString(deal, DEAL_COMMENT) == comment)
         return (ulong)HistoryDealGetInteger(deal, DEAL_ORDER);
   }
   return 0;
}

//--- the ticket of a working order of ours, from the map or by comment
ulong WorkingTicket(const long orderId, const long venueOrderId)
{
   if(venueOrderId > 0)
      return (ulong)venueOrderId;
   ulong ticket = 0;
   if(g_orderTicket.TryGetValue(orderId, ticket))
      return ticket;
   return FindOrderByComment(orderId);
}

//--- MetaTrader's fill policy page: RETURN is for limit and stop-limit orders (market and exchange execution), and
//--- for market orders only under exchange execution; never for plain stops, which fill as market orders
bool ReturnAllowed(const int symbol, const int orderType)
{
   if(orderType == TC_ORDTYPE_LIMIT || orderType == TC_ORDTYPE_STOP_LIMIT)
      return true;
   return orderType == TC_ORDTYPE_MARKET && g_exeMode[symbol] == SYMBOL_TRADE_EXECUTION_EXCHANGE;
}

ENUM_ORDER_TYPE_FILLING Filling(const int symbol, const int orderType, const int timeInForce)
{
   const int modes = g_filling[symbol];
   // a GTC or DAY limit rests under RETURN: FOK or IOC would cancel whatever does not fill at once
   if((orderType == TC_ORDTYPE_LIMIT || orderType == TC_ORDTYPE_STOP_LIMIT) &&
      timeInForce != TC_TIF_IOC && timeInForce != TC_TIF_FOK)
      return ORDER_FILLING_RETURN;
   if(timeInForce == TC_TIF_IOC && (modes & TC_FILLING_IOC) != 0)
      return ORDER_FILLING_IOC;
   if((modes & TC_FILLING_FOK) != 0)
      return ORDER_FILLING_FOK;
   if((modes & TC_FILLING_IOC) != 0)
      return ORDER_FILLING_IOC;
   if(ReturnAllowed(symbol, orderType))
      return ORDER_FILLING_RETURN;
   // instant and request execution fill market orders FOK, whatever SYMBOL_FILLING_MODE says
   return ORDER_FILLING_FOK;
}

ENUM_ORDER_TYPE MtOrderType(const int side, const int orderType)
{
   const bool buy = side == TC_SIDE_BUY;
   switch(orderType)
   {
      case TC_ORDTYPE_LIMIT:      return buy ? ORDER_TYPE_BUY_LIMIT : ORDER_TYPE_SELL_LIMIT;
      case TC_ORDTYPE_STOP:       return buy ? ORDER_TYPE_BUY_STOP : ORDER_TYPE_SELL_STOP;
      case TC_ORDTYPE_STOP_LIMIT: return buy ? ORDER_TYPE_BUY_STOP_LIMIT : ORDER_TYPE_SELL_STOP_LIMIT;
   }
   return buy ? ORDER_TYPE_BUY : ORDER_TYPE_SELL;
}

//--- MT5 price fields: a stop (and a stop-limit's trigger) in price, a stop-limit's limit in stoplimit
void SetPrices(MqlTradeRequest &request, const int symbol, const int orderType, const long price,
               const long stopPrice)
{
   if(orderType == TC_ORDTYPE_STOP)
      request.price = FromPoints(symbol, stopPrice > 0 ? stopPrice : price);
   else if(orderType == TC_ORDTYPE_STOP_LIMIT)
   {
      request.price = FromPoints(symbol, stopPrice);
      request.stoplimit = FromPoints(symbol, price);
   }
   else
      request.price = FromPoints(symbol, price);
}

void SetExpiry(MqlTradeRequest &request, const int timeInForce, const long expiryTimeMsc)
{
   if(expiryTimeMsc > 0)
   {
      request.type_time = ORDER_TIME_SPECIFIED;
      request.expiration = (datetime)(expiryTimeMsc / 1000);
   }
   else if(timeInForce == TC_TIF_DAY)
      request.type_time = ORDER_TIME_DAY;
   else
      request.type_time = ORDER_TIME_GTC;
}

bool IsUncertain(const bool sent, const uint retcode)
{
   return retcode == TRADE_RETCODE_TIMEOUT || retcode == TRADE_RETCODE_CONNECTION ||
          retcode == TRADE_RETCODE_ERROR || (!sent && retcode == 0);
}

void OnOrder(const uchar &b[], const int at, const long seq)
{
   if(seq <= g_lastOrderSeq)
      return;
   if(seq > g_lastOrderSeq + 1)
   {
      SendErrorAndClose(TC_ERR_SEQUENCE_GAP, "ORDER seq " + IntegerToString(seq) + " after " +
                        IntegerToString(g_lastOrderSeq));
      return;
   }
   const long orderId = GetI64(b, at + TC_ORDER_ID_OFFSET);
   const int symbol = GetI32(b, at + TC_ORDER_SYMBOL_OFFSET);
   const int action = GetU8(b, at + TC_ORDER_ACTION_OFFSET);
   const int side = GetU8(b, at + TC_ORDER_SIDE_OFFSET);
   const int orderType = GetU8(b, at + TC_ORDER_TYPE_OFFSET);
   const int timeInForce = GetU8(b, at + TC_ORDER_TIME_IN_FORCE_OFFSET);
   const long quantity = GetI64(b, at + TC_ORDER_QUANTITY_OFFSET);
   const long price = GetI64(b, at + TC_ORDER_PRICE_OFFSET);
   const long stopPrice = GetI64(b, at + TC_ORDER_STOP_PRICE_OFFSET);
   const long expiry = GetI64(b, at + TC_ORDER_EXPIRY_OFFSET);
   const long venueOrderId = GetI64(b, at + TC_ORDER_VENUE_ORDER_ID_OFFSET);
   if(action > TC_ACTION_MODIFY || side > TC_SIDE_SELL || orderType > TC_ORDTYPE_STOP_LIMIT || timeInForce > TC_TIF_DAY)
   {
      SendErrorAndClose(TC_ERR_MALFORMED_FRAME, "ORDER with an out-of-range enum");
      return;
   }
   if(symbol < 0 || symbol >= g_symbolCount || !g_accepted[symbol])
      Report(orderId, TC_EXEC_REJECTED, 0, venueOrderId, 0, 0, 0, 0,
             "symbol index " + IntegerToString(symbol) + " is not an accepted symbol of this terminal");
   else if(action == TC_ACTION_NEW)
      ExecuteNew(orderId, symbol, side, orderType, timeInForce, quantity, price, stopPrice, expiry);
   else if(action == TC_ACTION_CANCEL)
      ExecuteCancel(orderId, venueOrderId);
   else
      ExecuteModify(orderId, symbol, orderType, timeInForce, quantity, price, stopPrice, expiry, venueOrderId);
   // executed, or recorded for reconciliation: the bridge may forget it
   g_lastOrderSeq = seq;
}

void ExecuteNew(const long orderId, const int symbol, const int side, const int orderType, const int timeInForce,
                const long quantity, const long price, const long stopPrice, const long expiry)
{
   ulong existing = 0;
   if(!g_orderTicket.TryGetValue(orderId, existing) && NowMs() < g_resetReconcileUntilMs)
      existing = FindOrderByComment(orderId);
   if(existing != 0)
   {
      // executed before (a resend after a restart): report it, never place it twice
      Remember(orderId, existing, quantity);
      Report(orderId, TC_EXEC_ACCEPTED, TRADE_RETCODE_DONE, (long)existing, 0, 0, 0, 0,
             "already placed as #" + IntegerToString((long)existing));
      return;
   }
   MqlTradeRequest request;
   MqlTradeResult result;
   ZeroMemory(request);
   ZeroMemory(result);
   const string name = g_broker[symbol];
   request.symbol = name;
   request.volume = FromLots(quantity);
   request.type = MtOrderType(side, orderType);
   request.magic = (ulong)InpMagic;
   request.comment = OrderComment(orderId);
   if(orderType == TC_ORDTYPE_MARKET)
   {
      request.action = TRADE_ACTION_DEAL;
      request.price = SymbolInfoDouble(name, side == TC_SIDE_BUY ? SYMBOL_ASK : SYMBOL_BID);
      request.deviation = (ulong)InpDeviationPoints;
   }
   else
   {
      request.action = TRADE_ACTION_PENDING;
      SetPrices(request, symbol, orderType, price, stopPrice);
      SetExpiry(request, timeInForce, expiry);
   }
   request.type_filling = Filling(symbol, orderType, timeInForce);
   Remember(orderId, 0, quantity);
   ResetLastError();
   bool sent = OrderSend(request, result);
   if(!sent && result.retcode == TRADE_RETCODE_INVALID_FILL && request.type_filling != ORDER_FILLING_RETURN &&
      ReturnAllowed(symbol, orderType))
   {
      // refused outright for its filling mode, so nothing was placed: one more try with RETURN, where it may be used
      request.type_filling = ORDER_FILLING_RETURN;
      ZeroMemory(result);
      sent = OrderSend(request, result);
   }
   AfterSend(orderId, symbol, quantity, sent, result);
}

void AfterSend(const long orderId, const int symbol, const long quantity, const bool sent, const MqlTradeResult &result)
{
   const uint retcode = result.retcode;
   if(retcode == TRADE_RETCODE_DONE || retcode == TRADE_RETCODE_PLACED || retcode == TRADE_RETCODE_DONE_PARTIAL)
   {
      // fills come from DEAL_ADD; a partial IOC's dead remainder from the order's HISTORY_ADD
      Remember(orderId, result.order, quantity);
      Report(orderId, TC_EXEC_ACCEPTED, (int)retcode, (long)result.order, 0, 0, 0, 0, result.comment);
      return;
   }
   if(IsUncertain(sent, retcode))
   {
      Print("TradingCoreBridge: order ", IntegerToString(orderId), " has an uncertain result (retcode ", retcode,
            ", error ", GetLastError(), "); reconciling by comment before reporting");
      AddReconcile(orderId, symbol, quantity, (int)retcode,
                   result.comment != "" ? result.comment : "no result from the trade server");
      return;
   }
   ReportEnd(orderId, TC_EXEC_REJECTED, (int)retcode, 0,
             result.comment != "" ? result.comment : "retcode " + IntegerToString(retcode));
}

void ExecuteCancel(const long orderId, const long venueOrderId)
{
   const ulong ticket = WorkingTicket(orderId, venueOrderId);
   if(ticket == 0)
   {
      Report(orderId, TC_EXEC_REJECTED, TRADE_RETCODE_INVALID, 0, 0, 0, 0, 0, "order not found");
      return;
   }
   MqlTradeRequest request;
   MqlTradeResult result;
   ZeroMemory(request);
   ZeroMemory(result);
   request.action = TRADE_ACTION_REMOVE;
   request.order = ticket;
   const bool sent = OrderSend(request, result);
   if(result.retcode == TRADE_RETCODE_DONE || result.retcode == TRADE_RETCODE_PLACED)
   {
      // the deals of a partly filled order can come in a later OnTradeTransaction than this answer: the end waits
      // for them. Not in history yet, its volume is unknown here and its HISTORY_ADD settles it.
      long executed = -1;
      if(HistoryOrderSelect(ticket))
         executed = ToLots(HistoryOrderGetDouble(ticket, ORDER_VOLUME_INITIAL)) -
                    ToLots(HistoryOrderGetDouble(ticket, ORDER_VOLUME_CURRENT));
      EndAfterDeals(orderId, ticket, TC_EXEC_CANCELLED, (int)result.retcode, executed,
                    result.comment != "" ? result.comment : "cancelled");
      return;
   }
   // as the core's simulated venue answers a cancel it cannot do; an order already over has had its
   // fills or its end reported from the trade transactions
   if(!OrderSelect(ticket))
   {
      Report(orderId, TC_EXEC_REJECTED, TRADE_RETCODE_INVALID, (long)ticket, 0, 0, 0, 0, "order not found");
      return;
   }
   Report(orderId, TC_EXEC_REJECTED, (int)result.retcode, (long)ticket, 0, 0, 0, 0,
          "cancel refused: " + (result.comment != "" ? result.comment : "retcode " + IntegerToString(result.retcode)) +
          (sent ? "" : ", error " + IntegerToString(GetLastError())));
}

void ExecuteModify(const long orderId, const int symbol, const int orderType, const int timeInForce,
                   const long quantity, const long price, const long stopPrice, const long expiry,
                   const long venueOrderId)
{
   const ulong ticket = WorkingTicket(orderId, venueOrderId);
   if(ticket == 0 || !OrderSelect(ticket))
   {
      Report(orderId, TC_EXEC_REJECTED, TRADE_RETCODE_INVALID, (long)ticket, 0, 0, 0, 0, "order not found");
      return;
   }
   if(ToLots(OrderGetDouble(ORDER_VOLUME_CURRENT)) != quantity)
   {
      Report(orderId, TC_EXEC_REJECTED, TRADE_RETCODE_INVALID_VOLUME, (long)ticket, 0, 0, 0, 0,
             "MT5 cannot change a working order's volume; cancel and place a new order");
      return;
   }
   MqlTradeRequest request;
   MqlTradeResult result;
   ZeroMemory(request);
   ZeroMemory(result);
   request.action = TRADE_ACTION_MODIFY;
   request.order = ticket;
   request.symbol = g_broker[symbol];
   request.sl = OrderGetDouble(ORDER_SL);
   request.tp = OrderGetDouble(ORDER_TP);
   SetPrices(request, symbol, orderType, price, stopPrice);
   SetExpiry(request, timeInForce, expiry);
   const bool sent = OrderSend(request, result);
   if(result.retcode == TRADE_RETCODE_DONE || result.retcode == TRADE_RETCODE_PLACED)
   {
      Report(orderId, TC_EXEC_ACCEPTED, (int)result.retcode, (long)ticket, 0, 0, 0, 0, result.comment);
      return;
   }
   Report(orderId, TC_EXEC_REJECTED, (int)result.retcode, (long)ticket, 0, 0, 0, 0,
          "modify refused: " + (result.comment != "" ? result.comment : "retcode " + IntegerToString(result.retcode)) +
          (sent ? "" : ", error " + IntegerToString(GetLastError())));
}

//+------------------------------------------------------------------+
//| Uncertain results: look for the order for a while, then reject   |
//+------------------------------------------------------------------+
void AddReconcile(const long orderId, const int symbol, const long requested, const int retcode, const string text)
{
   const int n = g_recCount + 1;
   ArrayResize(g_recOrderId, n, 16);
   ArrayResize(g_recSymbol, n, 16);
   ArrayResize(g_recRequested, n, 16);
   ArrayResize(g_recRetcode, n, 16);
   ArrayResize(g_recText, n, 16);
   ArrayResize(g_recDeadlineMs, n, 16);
   ArrayResize(g_recNextTryMs, n, 16);
   g_recOrderId[g_recCount] = orderId;
   g_recSymbol[g_recCount] = symbol;
   g_recRequested[g_recCount] = requested;
   g_recRetcode[g_recCount] = retcode;
   g_recText[g_recCount] = text;
   g_recDeadlineMs[g_recCount] = NowMs() + EA_RECONCILE_WINDOW_MS;
   g_recNextTryMs[g_recCount] = NowMs();
   g_recCount = n;
}

void RemoveReconcile(const int i)
{
   ArrayRemove(g_recOrderId, i, 1);
   ArrayRemove(g_recSymbol, i, 1);
   ArrayRemove(g_recRequested, i, 1);
   ArrayRemove(g_recRetcode, i, 1);
   ArrayRemove(g_recText, i, 1);
   ArrayRemove(g_recDeadlineMs, i, 1);
   ArrayRemove(g_recNextTryMs, i, 1);
   g_recCount--;
}

void Reconcile()
{
   const ulong now = NowMs();
   for(int i = g_recCount - 1; i >= 0; i--)
   {
      if(now < g_recNextTryMs[i])
         continue;
      g_recNextTryMs[i] = now + EA_RECONCILE_RETRY_MS;
      const long orderId = g_recOrderId[i];
      const ulong ticket = FindOrderByComment(orderId);
      if(ticket != 0)
      {
         Remember(orderId, ticket, g_recRequested[i]);
         Report(orderId, TC_EXEC_ACCEPTED, g_recRetcode[i], (long)ticket, 0, 0, 0, 0,
                "reconciled: found order #" + IntegerToString((long)ticket) + " after " + g_recText[i]);
         RemoveReconcile(i);
      }
      else if(now >= g_recDeadlineMs[i])
      {
         ReportEnd(orderId, TC_EXEC_REJECTED, g_recRetcode[i], 0,
                   g_recText[i] + "; no order with comment " + OrderComment(orderId) + " found");
         RemoveReconcile(i);
      }
   }
}

//+------------------------------------------------------------------+
//| Deals and order ends from the trade server                       |
//+------------------------------------------------------------------+
//--- the core's order id of an MT5 order ticket, 0 when the order is not ours
long OrderIdOfTicket(const ulong ticket)
{
   long orderId = 0;
   if(g_ticketOrder.TryGetValue(ticket, orderId))
      return orderId;
   if(OrderSelect(ticket) && OrderGetInteger(ORDER_MAGIC) == InpMagic)
      orderId = OrderIdFromComment(OrderGetString(ORDER_COMMENT));
   else if(HistoryOrderSelect(ticket) && HistoryOrderGetInteger(ticket, ORDER_MAGIC) == InpMagic)
      orderId = OrderIdFromComment(HistoryOrderGetString(ticket, ORDER_COMMENT));
   if(orderId != 0)
      g_ticketOrder.TrySetValue(ticket, orderId);
   return orderId;
}

long RequestedVolume(const long orderId, const ulong ticket)
{
   long requested = 0;
   if(g_orderRequested.TryGetValue(orderId, requested))
      return requested;
   if(OrderSelect(ticket))
      requested = ToLots(OrderGetDouble(ORDER_VOLUME_INITIAL));
   else if(HistoryOrderSelect(ticket))
      requested = ToLots(HistoryOrderGetDouble(ticket, ORDER_VOLUME_INITIAL));
   if(requested > 0)
      g_orderRequested.TrySetValue(orderId, requested);
   return requested;
}

//--- volume of the order's deals up to and including this one, from history (after a restart)
long FilledFromHistory(const ulong ticket, const ulong deal)
{
   long filled = 0;
   if(!HistorySelectByPosition(HistoryDealGetInteger(deal, DEAL_POSITION_ID)))
      return ToLots(HistoryDealGetDouble(deal, DEAL_VOLUME));
   const long dealTime = HistoryDealGetInteger(deal, DEAL_TIME_MSC);
   const int total = HistoryDealsTotal();
   for(int i = 0; i < total; i++)
   {
      const ulong other = HistoryDealGetTicket(i);
      if(other != 0 && (ulong)HistoryDealGetInteger(other, DEAL_ORDER) == ticket &&
         HistoryDealGetInteger(other, DEAL_TIME_MSC) <= dealTime)
         filled += ToLots(HistoryDealGetDouble(other, DEAL_VOLUME));
   }
   return filled;
}

void ReportDeal(const ulong deal)
{
   if(deal == 0 || g_reportedDeals.Contains(deal) || !HistoryDealSelect(deal))
      return;
   const long dealType = HistoryDealGetInteger(deal, DEAL_TYPE);
   if(dealType != DEAL_TYPE_BUY && dealType != DEAL_TYPE_SELL)
      return;
   const ulong ticket = (ulong)HistoryDealGetInteger(deal, DEAL_ORDER);
   long orderId = OrderIdOfTicket(ticket);
   if(orderId == 0 && HistoryDealGetInteger(deal, DEAL_MAGIC) == InpMagic)
      orderId = OrderIdFromComment(HistoryDealGetString(deal, DEAL_COMMENT));
   if(orderId == 0)
      return;
   if(g_reportedDeals.Count() >= EA_MAX_REPORTED_DEALS)
      g_reportedDeals.Clear(); // the bridge drops a second report of a deal ticket anyway
   g_reportedDeals.Add(deal);

   const string name = HistoryDealGetString(deal, DEAL_SYMBOL);
   const int symbol = SymbolIndexOf(name);
   const double price = HistoryDealGetDouble(deal, DEAL_PRICE);
   const long volume = ToLots(HistoryDealGetDouble(deal, DEAL_VOLUME));
   const long points = symbol >= 0 ? ToPoints(symbol, price)
                       : (long)MathRound(price * MathPow(10.0, (double)SymbolInfoInteger(name, SYMBOL_DIGITS)));
   // MT5 books charges as negative amounts; the protocol's commission is positive when charged
   const long commission = -ToMoney(HistoryDealGetDouble(deal, DEAL_COMMISSION) + HistoryDealGetDouble(deal, DEAL_FEE));
   long filled = 0;
   if(g_orderFilled.TryGetValue(orderId, filled))
      filled += volume;
   else
      filled = FilledFromHistory(ticket, deal);
   // HistorySelectByPosition replaced the selection: select the deal again for what follows
   HistoryDealSelect(deal);
   g_orderFilled.TrySetValue(orderId, filled);
   const long requested = RequestedVolume(orderId, ticket);
   const int execType = requested > 0 && filled < requested ? TC_EXEC_PARTIAL_FILL : TC_EXEC_FILL;
   const long dealMsc = HistoryDealGetInteger(deal, DEAL_TIME_MSC);
   const long seq = g_nextSeq;
   Report(orderId, execType, 0, (long)ticket, (long)deal, volume, points, commission,
          HistoryDealGetString(deal, DEAL_COMMENT));
   RecordCursor(seq, -1, dealMsc, 0);
   if(execType == TC_EXEC_FILL)
      g_orderFinished.Add(orderId);
   g_accountDirty = true;
   long endAt = 0;
   if(!g_orderEndAt.TryGetValue(orderId, endAt))
      return;
   if(execType == TC_EXEC_FILL)
      ForgetDeferredEnd(orderId);
   else if(filled >= endAt)
      ReportDeferredEnd(orderId, ticket);
}

//--- the end of an order that stopped short of its volume goes out once every deal of it is reported: a deal's
//--- DEAL_ADD can come in a later OnTradeTransaction than the cancel's answer or the order's HISTORY_ADD.
//--- executed < 0: the order's executed volume is not known yet (not in history); its HISTORY_ADD tells it.
void EndAfterDeals(const long orderId, const ulong ticket, const int execType, const int retcode, const long executed,
                   const string text)
{
   long filled = 0;
   g_orderFilled.TryGetValue(orderId, filled);
   g_orderEndAt.TrySetValue(orderId, executed < 0 ? LONG_MAX : executed);
   g_orderEndType.TrySetValue(orderId, execType);
   g_orderEndCode.TrySetValue(orderId, retcode);
   g_orderEndText.TrySetValue(orderId, text);
   if(!g_orderEndSinceMs.ContainsKey(orderId))
      g_orderEndSinceMs.Add(orderId, NowMs());
   if(executed >= 0 && filled >= executed)
      ReportDeferredEnd(orderId, ticket);
}

void ForgetDeferredEnd(const long orderId)
{
   g_orderEndAt.Remove(orderId);
   g_orderEndType.Remove(orderId);
   g_orderEndCode.Remove(orderId);
   g_orderEndText.Remove(orderId);
   g_orderEndSinceMs.Remove(orderId);
}

void ReportDeferredEnd(const long orderId, const ulong ticket)
{
   int execType = 0;
   if(!g_orderEndType.TryGetValue(orderId, execType))
      return;
   int retcode = 0;
   string text = "";
   g_orderEndCode.TryGetValue(orderId, retcode);
   g_orderEndText.TryGetValue(orderId, text);
   ForgetDeferredEnd(orderId);
   ReportEnd(orderId, execType, retcode, (long)ticket, text);
}

//--- the order's deals in history, reported in time order (the bridge drops a deal reported before)
void ReportDealsOfOrder(const ulong ticket)
{
   if(ticket == 0 || !HistorySelect(TimeCurrent() - EA_HISTORY_LOOKBACK_SECONDS, TimeCurrent() + 86400))
      return;
   ulong deals[];
   const int total = HistoryDealsTotal();
   int count = 0;
   ArrayResize(deals, total);
   for(int i = 0; i < total; i++)
   {
      const ulong deal = HistoryDealGetTicket(i);
      if(deal != 0 && (ulong)HistoryDealGetInteger(deal, DEAL_ORDER) == ticket)
         deals[count++] = deal;
   }
   for(int i = 0; i < count; i++)
      ReportDeal(deals[i]);
}

//--- an end that waited EA_DEFERRED_END_MS for its deals takes them from history, reports those not reported, then
//--- goes out: it never waits for ever on a DEAL_ADD or HISTORY_ADD this EA does not see
void SettleDeferredEnds()
{
   if(g_orderEndSinceMs.Count() == 0)
      return;
   long orderIds[];
   ulong since[];
   g_orderEndSinceMs.CopyTo(orderIds, since);
   const ulong now = NowMs();
   for(int i = 0; i < ArraySize(orderIds); i++)
   {
      if(now - since[i] < EA_DEFERRED_END_MS)
         continue;
      ulong ticket = 0;
      g_orderTicket.TryGetValue(orderIds[i], ticket);
      ReportDealsOfOrder(ticket);
      ReportDeferredEnd(orderIds[i], ticket);
   }
}

//--- an order of ours left the working list without filling completely: cancelled, expired or rejected
void OnOrderInHistory(const ulong ticket)
{
   const long orderId = OrderIdOfTicket(ticket);
   if(orderId == 0 || g_orderFinished.Contains(orderId) || !HistoryOrderSelect(ticket))
      return;
   const ENUM_ORDER_STATE state = (ENUM_ORDER_STATE)HistoryOrderGetInteger(ticket, ORDER_STATE);
   const long initial = ToLots(HistoryOrderGetDouble(ticket, ORDER_VOLUME_INITIAL));
   const long remaining = ToLots(HistoryOrderGetDouble(ticket, ORDER_VOLUME_CURRENT));
   if(state == ORDER_STATE_FILLED || remaining <= 0)
      return;
   int execType = TC_EXEC_CANCELLED;
   if(state == ORDER_STATE_EXPIRED)
      execType = TC_EXEC_EXPIRED;
   else if(state == ORDER_STATE_REJECTED)
      execType = TC_EXEC_REJECTED;
   int retcode = 0;
   string text = execType == TC_EXEC_EXPIRED ? "expired" : "cancelled by the trade server";
   int pendingType = 0;
   if(g_orderEndType.TryGetValue(orderId, pendingType))
   {
      // our own CANCEL, waiting for this HISTORY_ADD to learn the executed volume: keep its answer
      execType = pendingType;
      g_orderEndCode.TryGetValue(orderId, retcode);
      g_orderEndText.TryGetValue(orderId, text);
   }
   EndAfterDeals(orderId, ticket, execType, retcode, initial - remaining, text);
}

//--- after a restart: deals of our orders since the last acknowledged one (the bridge drops repeats)
void ReportMissedDeals()
{
   if(g_dealCursorMsc <= 0)
      return;
   if(!HistorySelect((datetime)(g_dealCursorMsc / 1000), TimeCurrent() + 86400))
      return;
   ulong deals[];
   const int total = HistoryDealsTotal();
   int count = 0;
   ArrayResize(deals, total);
   for(int i = 0; i < total; i++)
   {
      const ulong deal = HistoryDealGetTicket(i);
      if(deal != 0 && HistoryDealGetInteger(deal, DEAL_MAGIC) == InpMagic &&
         HistoryDealGetInteger(deal, DEAL_TIME_MSC) >= g_dealCursorMsc)
         deals[count++] = deal;
   }
   for(int i = 0; i < count; i++)
      ReportDeal(deals[i]);
   if(count > 0)
      Print("TradingCoreBridge: reported ", count, " deals of this EA's orders since the last acknowledged one");
}

void OnTradeTransaction(const MqlTradeTransaction &trans, const MqlTradeRequest &request, const MqlTradeResult &result)
{
   if(g_stopped)
      return;
   if(trans.type == TRADE_TRANSACTION_DEAL_ADD)
      ReportDeal(trans.deal);
   else if(trans.type == TRADE_TRANSACTION_HISTORY_ADD)
      OnOrderInHistory(trans.order);
   else if(trans.type == TRADE_TRANSACTION_POSITION)
      g_accountDirty = true;
}

//+------------------------------------------------------------------+
//| Ticks                                                            |
//+------------------------------------------------------------------+
void EmitTicks(const int count)
{
   const long seq = g_nextSeq;
   BuildTicks(seq, count);
   for(int s = 0; s < g_symbolCount; s++)
      g_inBatch[s] = false;
   for(int i = 0; i < count; i++)
      g_inBatch[g_batchSymbol[i]] = true;
   for(int s = 0; s < g_symbolCount; s++)
      if(g_inBatch[s])
         RecordCursor(seq, s, g_sentMsc[s], g_sentCount[s]);
   Enqueue();
}

void PullTicks()
{
   const int perFrame = MathMin(MathMin(InpTickBatch, 65535),
                                (g_maxFrameBytes - TC_TICKS_FIRST_OFFSET) / TC_TICK_LENGTH);
   if(perFrame < 1)
      return;
   ArrayResize(g_batch, perFrame);
   ArrayResize(g_batchSymbol, perFrame);
   int batched = 0;
   int frames = 0;
   for(int s = 0; s < g_symbolCount; s++)
   {
      if(!g_accepted[s])
         continue;
      if(ResendFull() || frames >= EA_MAX_TICK_FRAMES_PER_PUMP)
         break;
      // an old cursor (catching up after a restart) is read a window at a time, so memory stays bounded
      const long nowMsc = (long)TimeTradeServer() * 1000;
      const bool catchingUp = g_sentMsc[s] < nowMsc - EA_TICK_WINDOW_MS;
      const long toMsc = catchingUp ? g_sentMsc[s] + EA_TICK_WINDOW_MS : nowMsc + EA_TICK_WINDOW_MS;
      ResetLastError();
      const int copied = CopyTicksRange(g_broker[s], g_pulled, COPY_TICKS_ALL, (ulong)g_sentMsc[s], (ulong)toMsc);
      const int error = GetLastError();
      if(copied < 0 || (copied == 0 && (error != 0 || !catchingUp)))
         continue;
      // ticks of the cursor's millisecond that already went out come first again: skip exactly those
      int skip = g_sentCount[s];
      int taken = 0;
      bool cut = false;
      for(int k = 0; k < copied; k++)
      {
         const long msc = g_pulled[k].time_msc;
         if(msc < g_sentMsc[s])
            continue;
         if(msc == g_sentMsc[s] && skip > 0)
         {
            skip--;
            continue;
         }
         g_batch[batched] = g_pulled[k];
         g_batchSymbol[batched] = s;
         batched++;
         taken++;
         if(msc == g_sentMsc[s])
            g_sentCount[s]++;
         else
         {
            g_sentMsc[s] = msc;
            g_sentCount[s] = 1;
         }
         if(batched == perFrame)
         {
            EmitTicks(batched);
            batched = 0;
            frames++;
            if(ResendFull() || frames >= EA_MAX_TICK_FRAMES_PER_PUMP)
            {
               cut = k + 1 < copied;
               break;
            }
         }
      }
      if(catchingUp && taken == 0 && !cut)
      {
         // nothing new in the whole window (a weekend, or only ticks already sent): move the cursor past it
         g_sentMsc[s] = toMsc;
         g_sentCount[s] = 0;
      }
   }
   if(batched > 0)
      EmitTicks(batched);
}

//+------------------------------------------------------------------+
//| The pump: socket, reconciliation, ticks, snapshots, heartbeats   |
//+------------------------------------------------------------------+
void Pump()
{
   if(g_stopped)
      return;
   const ulong now = NowMs();
   if(g_socket == INVALID_HANDLE)
   {
      if(now >= g_nextAttemptMs)
         Connect();
      return;
   }
   Receive();
   if(g_socket == INVALID_HANDLE)
      return;
   if(!g_welcomed)
   {
      if(NowMs() - g_connectedAtMs > EA_HANDSHAKE_TIMEOUT_MS)
         Disconnect("no WELCOME within " + IntegerToString(EA_HANDSHAKE_TIMEOUT_MS) + " ms");
      return;
   }
   if(NowMs() - g_lastReceivedMs > (ulong)g_heartbeatTimeoutMs)
   {
      SendErrorAndClose(TC_ERR_HEARTBEAT_TIMEOUT, "nothing from the bridge for " +
                        IntegerToString(g_heartbeatTimeoutMs) + " ms");
      return;
   }
   if(g_recCount > 0)
      Reconcile();
   SettleDeferredEnds();
   Flush();
   PullTicks();
   if(g_socket == INVALID_HANDLE)
      return;
   if((g_accountDirty || NowMs() - g_accountSentMs >= (ulong)InpAccountIntervalMs) && !ResendFull())
   {
      BuildAccount(g_nextSeq);
      Enqueue();
      g_accountDirty = false;
      g_accountSentMs = NowMs();
   }
   if(g_socket == INVALID_HANDLE)
      return;
   // heartbeats keep the session alive and carry an ack that no other frame carried yet
   if((NowMs() - g_lastSentMs >= (ulong)g_heartbeatIntervalMs || g_lastAckSent != g_lastOrderSeq) && RateAllows())
   {
      BuildHeartbeat();
      if(SendOut())
         g_lastAckSent = g_lastOrderSeq;
   }
   SaveCursors(false);
}

//+------------------------------------------------------------------+
//| Setup                                                            |
//+------------------------------------------------------------------+
bool AddSymbol(const string core, const string broker)
{
   if(!SymbolSelect(broker, true))
   {
      Print("TradingCoreBridge: symbol ", broker, " is unknown to this terminal (", GetLastError(), ")");
      return false;
   }
   if(SymbolIndexOf(broker) >= 0)
      return true;
   const int n = g_symbolCount + 1;
   ArrayResize(g_broker, n);
   ArrayResize(g_core, n);
   ArrayResize(g_digits, n);
   ArrayResize(g_scale, n);
   ArrayResize(g_filling, n);
   ArrayResize(g_exeMode, n);
   ArrayResize(g_accepted, n);
   ArrayResize(g_sentMsc, n);
   ArrayResize(g_sentCount, n);
   ArrayResize(g_ackedMsc, n);
   ArrayResize(g_ackedCount, n);
   ArrayResize(g_inBatch, n);
   g_broker[g_symbolCount] = broker;
   g_core[g_symbolCount] = core;
   g_digits[g_symbolCount] = (int)SymbolInfoInteger(broker, SYMBOL_DIGITS);
   g_scale[g_symbolCount] = MathPow(10.0, g_digits[g_symbolCount]);
   g_filling[g_symbolCount] = (int)SymbolInfoInteger(broker, SYMBOL_FILLING_MODE) & (TC_FILLING_FOK | TC_FILLING_IOC);
   g_exeMode[g_symbolCount] = (int)SymbolInfoInteger(broker, SYMBOL_TRADE_EXEMODE);
   g_accepted[g_symbolCount] = false;
   g_symbolCount = n;
   LoadCursor(n - 1);
   return true;
}

bool ParseSymbolMap()
{
   string entries[];
   const int count = StringSplit(InpSymbolMap, ';', entries);
   for(int i = 0; i < count; i++)
   {
      string entry = entries[i];
      StringTrimLeft(entry);
      StringTrimRight(entry);
      if(entry == "")
         continue;
      const int equals = StringFind(entry, "=");
      string core = equals < 0 ? entry : StringSubstr(entry, 0, equals);
      string broker = equals < 0 ? entry : StringSubstr(entry, equals + 1);
      StringTrimLeft(core);
      StringTrimRight(core);
      StringTrimLeft(broker);
      StringTrimRight(broker);
      if(core == "" || broker == "")
      {
         Print("TradingCoreBridge: symbol map entry \"", entry, "\" is not core=broker");
         return false;
      }
      if(!AddSymbol(core, broker))
         return false;
   }
   if(g_symbolCount == 0)
      return AddSymbol(_Symbol, _Symbol);
   return true;
}

//--- this EA's working orders, so CANCEL and MODIFY find them and a resent NEW is not placed twice
void LoadWorkingOrders()
{
   const int total = OrdersTotal();
   for(int i = 0; i < total; i++)
   {
      const ulong ticket = OrderGetTicket(i);
      if(ticket == 0 || OrderGetInteger(ORDER_MAGIC) != InpMagic)
         continue;
      const long orderId = OrderIdFromComment(OrderGetString(ORDER_COMMENT));
      if(orderId != 0)
         Remember(orderId, ticket, ToLots(OrderGetDouble(ORDER_VOLUME_INITIAL)));
   }
}

//--- back to what a freshly loaded EA holds. On a symbol, timeframe or input change the terminal calls OnDeinit and
//--- OnInit without unloading the EA, and globals keep their values: a peer ack, resend buffer, cursors or maps left
//--- over from the last session would contradict the RESET the next HELLO announces (acks ignored, frames never
//--- freed). What must survive lives in terminal global variables (the cursors) and in the trade server.
void ResetState()
{
   if(g_socket != INVALID_HANDLE)
      SocketClose(g_socket);
   g_socket = INVALID_HANDLE;
   ArrayFree(g_broker);
   ArrayFree(g_core);
   ArrayFree(g_digits);
   ArrayFree(g_scale);
   ArrayFree(g_filling);
   ArrayFree(g_exeMode);
   ArrayFree(g_accepted);
   ArrayFree(g_sentMsc);
   ArrayFree(g_sentCount);
   ArrayFree(g_ackedMsc);
   ArrayFree(g_ackedCount);
   g_symbolCount = 0;

   g_welcomed = false;
   g_stopped = false;
   g_resetPending = true;
   g_sessionIsReset = false;
   g_connectedAtMs = 0;
   g_nextAttemptMs = 0;
   g_backoffMs = EA_BACKOFF_FIRST_MS;
   g_lastReceivedMs = 0;
   g_lastSentMs = 0;
   g_resetReconcileUntilMs = 0;
   g_connectionGeneration = 0;
   g_heartbeatIntervalMs = EA_DEFAULT_HEARTBEAT_INTERVAL_MS;
   g_heartbeatTimeoutMs = EA_DEFAULT_HEARTBEAT_TIMEOUT_MS;
   g_maxFrameBytes = TC_DEFAULT_MAX_FRAME_BYTES;
   g_maxFramesPerSecond = EA_DEFAULT_MAX_FRAMES_PER_SECOND;
   g_rateSecond = 0;
   g_framesThisSecond = 0;
   g_lastHeartbeatSeen = 0;
   g_terminalId = "";

   g_nextSeq = 1;
   g_peerAck = 0;
   g_sentUpTo = 0;
   g_lastOrderSeq = 0;
   g_lastAckSent = 0;

   ArrayFree(g_rx);
   ArrayFree(g_chunk);
   ArrayFree(g_out);
   g_outLength = 0;

   ArrayFree(g_resendBytes);
   ArrayFree(g_resendSeq);
   ArrayFree(g_resendStart);
   ArrayFree(g_resendLength);
   g_resendCount = 0;
   g_resendLimitBytes = 0;

   ArrayFree(g_cursorSeq);
   ArrayFree(g_cursorSymbol);
   ArrayFree(g_cursorMsc);
   ArrayFree(g_cursorCount);
   g_cursorTotal = 0;
   g_dealCursorMsc = 0;
   g_globalsDirty = false;
   g_globalsFlushedMs = 0;

   ArrayFree(g_pulled);
   ArrayFree(g_batch);
   ArrayFree(g_batchSymbol);
   ArrayFree(g_inBatch);

   g_orderTicket.Clear();
   g_ticketOrder.Clear();
   g_orderRequested.Clear();
   g_orderFilled.Clear();
   g_orderEndAt.Clear();
   g_orderEndType.Clear();
   g_orderEndCode.Clear();
   g_orderEndText.Clear();
   g_orderEndSinceMs.Clear();
   g_orderFinished.Clear();
   g_reportedDeals.Clear();

   ArrayFree(g_recOrderId);
   ArrayFree(g_recSymbol);
   ArrayFree(g_recRequested);
   ArrayFree(g_recRetcode);
   ArrayFree(g_recText);
   ArrayFree(g_recDeadlineMs);
   ArrayFree(g_recNextTryMs);
   g_recCount = 0;

   g_accountDirty = true;
   g_accountSentMs = 0;
}

int OnInit()
{
   ResetState();
   if(MQLInfoInteger(MQL_TESTER))
   {
      Print("TradingCoreBridge: runs only on a live chart (sockets are not available in the Strategy Tester)");
      return INIT_FAILED;
   }
   if(InpToken == "")
   {
      Alert("TradingCoreBridge: set InpToken to the token configured in the bridge");
      return INIT_PARAMETERS_INCORRECT;
   }
   if(InpTimerMs < 1 || InpTickBatch < 1 || InpResendLimitMb < 1)
   {
      Alert("TradingCoreBridge: InpTimerMs, InpTickBatch and InpResendLimitMb must be positive");
      return INIT_PARAMETERS_INCORRECT;
   }
   g_terminalId = InpTerminalId != "" ? InpTerminalId :
                  IntegerToString(AccountInfoInteger(ACCOUNT_LOGIN)) + "@" + AccountInfoString(ACCOUNT_SERVER);
   g_resendLimitBytes = (long)InpResendLimitMb * 1024 * 1024;
   if(!ParseSymbolMap())
      return INIT_PARAMETERS_INCORRECT;
   const string dealCursor = CursorName("#deals", ".t");
   g_dealCursorMsc = GlobalVariableCheck(dealCursor) ? (long)GlobalVariableGet(dealCursor)
                     : (long)TimeTradeServer() * 1000;
   LoadWorkingOrders();
   if(!EventSetMillisecondTimer(InpTimerMs))
   {
      Print("TradingCoreBridge: cannot start a ", InpTimerMs, " ms timer, error ", GetLastError());
      return INIT_FAILED;
   }
   Print("TradingCoreBridge: terminal ", g_terminalId, ", ", g_symbolCount, " symbols, bridge ", InpHost, ":", InpPort);
   Connect();
   return INIT_SUCCEEDED;
}

void OnDeinit(const int reason)
{
   EventKillTimer();
   g_globalsDirty = true;
   SaveCursors(true);
   // what is already numbered goes out while the link is up: the next OnInit (a chart or input change, reason
   // REASON_CHARTCHANGE or REASON_PARAMETERS) starts a new stream and keeps none of it
   Flush();
   if(g_socket != INVALID_HANDLE)
      SocketClose(g_socket);
   g_socket = INVALID_HANDLE;
   if(g_resendCount > 0)
      Print("TradingCoreBridge: stopping with ", g_resendCount, " frames the bridge has not acknowledged; ticks",
            " are resent from the last acknowledged one on the next start");
}

void OnTimer()
{
   Pump();
}

void OnTick()
{
   Pump();
}
//+------------------------------------------------------------------+
