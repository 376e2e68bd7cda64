package com.tradeul.metasync.apply;

/** Redis did not accept a batch: a retriable condition, never a reason to skip data. */
public final class RedisRefusedException extends RuntimeException {
    public RedisRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
