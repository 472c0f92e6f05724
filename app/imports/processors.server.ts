/**
 * Every import processor, registered by importing its module: the runner, the job handler and the
 * scripts import this file (never a processor module directly), so processorFor(kind) finds them all.
 */
import "./households-import.server";
import "./listings-import.server";
