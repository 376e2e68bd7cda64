package com.tradeul.metasync.apply;

import java.util.regex.Pattern;

/** Redis's SCAN MATCH syntax, as far as apply's patterns use it: {@code *}, {@code ?} and backslash escapes. */
final class RedisGlob {

    private RedisGlob() {}

    static Pattern pattern(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '\\' && i + 1 < glob.length()) {
                regex.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
            } else if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
