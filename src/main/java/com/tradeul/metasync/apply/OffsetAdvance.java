package com.tradeul.metasync.apply;

/**
 * One partition's offset move in Redis: from what apply believes Redis holds to the next offset.
 *
 * @param expected the next offset apply believes Redis holds; null when it believes Redis holds none
 */
public record OffsetAdvance(Long expected, long next) {}
