"""The store's schema, as an append-only list of migrations.

Migration N brings a store from schema version N to N + 1 (`PRAGMA user_version`). Never edit
a migration that has shipped: add a new one.
"""

MIGRATIONS: list[tuple[str, ...]] = [
    # 1: answers, schedules, study sessions, settings.
    (
        """CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            mode TEXT NOT NULL,
            started_at REAL NOT NULL,
            finished_at REAL,
            seed INTEGER,
            filters TEXT NOT NULL DEFAULT '{}'
        )""",
        """CREATE TABLE attempts (
            id INTEGER PRIMARY KEY,
            item_id TEXT NOT NULL,
            mode TEXT NOT NULL,
            answered_at REAL NOT NULL,
            correct INTEGER,
            rating INTEGER,
            choice TEXT,
            elapsed_ms INTEGER,
            session_id INTEGER REFERENCES sessions (id)
        )""",
        "CREATE INDEX attempts_by_item ON attempts (item_id, id)",
        "CREATE INDEX attempts_by_time ON attempts (answered_at)",
        """CREATE TABLE schedule (
            item_id TEXT PRIMARY KEY,
            card TEXT NOT NULL,
            due REAL NOT NULL,
            reviews INTEGER NOT NULL,
            first_seen REAL NOT NULL
        )""",
        "CREATE INDEX schedule_by_due ON schedule (due)",
        "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ),
]

MIGRATIONS.append(
    # 2: mock exams, their answers and flags as they are given, and their results.
    (
        """CREATE TABLE exams (
            id INTEGER PRIMARY KEY,
            created_at REAL NOT NULL,
            seed INTEGER NOT NULL,
            time_limit REAL NOT NULL,
            time_used REAL NOT NULL DEFAULT 0,
            questions TEXT NOT NULL,
            packs TEXT NOT NULL DEFAULT '[]',
            submitted_at REAL,
            abandoned_at REAL,
            auto_submitted INTEGER NOT NULL DEFAULT 0,
            correct INTEGER,
            total INTEGER,
            result TEXT
        )""",
        """CREATE TABLE exam_answers (
            exam_id INTEGER NOT NULL REFERENCES exams (id),
            position INTEGER NOT NULL,
            item_id TEXT NOT NULL,
            choice INTEGER,
            flagged INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (exam_id, position)
        )""",
    )
)

MIGRATIONS.append(
    # 3: multiple-response exam answers: every option chosen, as a JSON list of written indexes.
    ("ALTER TABLE exam_answers ADD COLUMN choices TEXT",)
)

MIGRATIONS.append(
    # 4: where a mock exam was left (the question on screen), and the seconds spent on each
    # question while the exam was open.
    (
        "ALTER TABLE exams ADD COLUMN position INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE exam_answers ADD COLUMN time_spent REAL NOT NULL DEFAULT 0",
    )
)

MIGRATIONS.append(
    # 5: items the learner flagged (to find again) or suspended (out of every queue and exam).
    (
        """CREATE TABLE item_marks (
            item_id TEXT PRIMARY KEY,
            flagged INTEGER NOT NULL DEFAULT 0,
            suspended INTEGER NOT NULL DEFAULT 0,
            changed_at REAL NOT NULL
        )""",
    )
)
