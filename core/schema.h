/*
 * schema.h: the migrations in schemas/NNN_*.sql, embedded at build time
 * by schemas/embed.sh.  db_open() applies those whose number is above the
 * database's PRAGMA user_version, in order, each in its own transaction.
 */
#ifndef MS_SCHEMA_H
#define MS_SCHEMA_H

struct schema_migration {
    int version;        /* N of schemas/NNN_name.sql; user_version after it */
    const char *name;   /* NNN_name, for messages */
    const char *sql;    /* the whole file */
};

extern const struct schema_migration schema_migrations[];
extern const int schema_migration_count;

#endif
