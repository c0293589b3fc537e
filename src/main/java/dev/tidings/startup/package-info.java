/**
 * Start-up speed work, apart from the commands: warming the schema and the default theme on another
 * thread while the command line is parsed ({@link dev.tidings.startup.Preload}), and exporting
 * sqlite-jdbc's native library once at install time ({@link dev.tidings.startup.SqliteNativeExport}) so a
 * run does not unpack it. Nothing here changes what a command does, only how soon.
 */
package dev.tidings.startup;
