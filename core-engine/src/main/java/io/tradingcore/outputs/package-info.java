/**
 * The output journal's format: each entry is the input sequence that caused a batch of the engine's outputs and the
 * batch after it, a batch too long for one entry split over consecutive entries of the same input
 * ({@link io.tradingcore.outputs.OutputJournalWriter}) and joined again on reading
 * ({@link io.tradingcore.outputs.OutputJournalReader}).
 * <p>
 * The format has a package of its own because it is written and read on every level above the engine: the live
 * publisher and recovery ({@code pipeline}) and a backtest ({@code backtest}, whose journals have the live layout)
 * write it, replay verification and the audit ({@code replay}) read it. Kept in the pipeline, it made the offline
 * tools depend on the live core for a file layout. It depends only on the engine's batch framing
 * ({@link io.tradingcore.engine.OutputBatch}) and the journal module, so it ranks right above {@code engine} and
 * below {@code pipeline} (ARCHITECTURE.md, "Packages of core-engine").
 */
package io.tradingcore.outputs;
