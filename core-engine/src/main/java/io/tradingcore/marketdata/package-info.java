/**
 * Market data input: reading MetaTrader 5 tick exports ("Symbols &gt; Ticks &gt; Export") into
 * fixed-point ticks ({@link io.tradingcore.marketdata.Mt5TickReader}), and merging several such
 * files in time order ({@link io.tradingcore.marketdata.Mt5TickMerge}). Depends on java.base only.
 */
package io.tradingcore.marketdata;
