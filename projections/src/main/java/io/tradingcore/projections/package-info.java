/**
 * Projection processes: each follows the core's journals and live Aeron stream and writes one database, its checkpoint
 * stored atomically with its rows (projections/README.md).
 */
package io.tradingcore.projections;
