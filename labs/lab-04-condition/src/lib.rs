//! Chapter 04: condition variables: producer/consumer, a condition built by hand, polling vs blocking timed waits.
