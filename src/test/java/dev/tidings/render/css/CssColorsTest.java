package dev.tidings.render.css;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CssColorsTest {
    @Test
    void opaqueIntegerRgbBecomesHex() {
        assertEquals("#0b5cad", CssColors.hex("rgb(11, 92, 173)"));
        assertEquals("1px solid #e5e7eb", CssColors.hex("1px solid rgb(229, 231, 235)"));
        assertEquals("#000000 #ffffff", CssColors.hex("rgb(0,0,0) rgb(255, 255, 255)"));
    }

    @Test
    void anythingElseIsLeftAlone() {
        assertEquals("rgba(0, 0, 0, 0.5)", CssColors.hex("rgba(0, 0, 0, 0.5)"));
        assertEquals("rgb(10%, 20%, 30%)", CssColors.hex("rgb(10%, 20%, 30%)"));
        assertEquals("rgb(300, 0, 0)", CssColors.hex("rgb(300, 0, 0)"));
        assertEquals("12px / 1.5 'Segoe UI'", CssColors.hex("12px / 1.5 'Segoe UI'"));
    }
}
