package org.example.newsroom;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Tags a ninjs item (as a Map) with the newsroom's "flash" subject. */
public class FlashTag {
    /** The subject every flash carries, so the CMS can badge it. */
    public static final Map<String, Object> FLASH = Map.of("name", "flash", "uri", "https://newsroom.example/tags/flash");

    @SuppressWarnings("unchecked")
    public Map<String, Object> tag(Map<String, Object> item) {
        List<Object> subjects = new ArrayList<>((List<Object>) item.getOrDefault("subjects", List.of()));
        subjects.add(FLASH);
        item.put("subjects", subjects);
        return item;
    }
}
