"""Pre-departure orientation courses, sessions, enrolments and certificates

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "orientation_course",
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("destination_country", sa.String(2), nullable=False),
        sa.Column("isco_group", sa.String(4), nullable=True),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("duration_hours", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orientation_course")),
    )
    op.create_index(
        "ix_orientation_course_country_language", "orientation_course", ["destination_country", "language"]
    )
    op.create_table(
        "orientation_session",
        sa.Column("course_id", sa.Uuid(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("mode", sa.String(10), nullable=False),
        sa.Column("place", sa.String(300), nullable=True),
        sa.Column("online_link", sa.String(500), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("enrolled", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "capacity >= 1 AND enrolled >= 0 AND enrolled <= capacity",
            name=op.f("ck_orientation_session_enrolled_within_capacity"),
        ),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["orientation_course.id"],
            name=op.f("fk_orientation_session_course_id_orientation_course"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orientation_session")),
    )
    op.create_index(op.f("ix_orientation_session_course_id"), "orientation_session", ["course_id"])
    op.create_table(
        "orientation_enrolment",
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("seeker_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("enrolled_by", sa.String(64), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_by", sa.String(64), nullable=True),
        sa.Column("attendance", sa.String(10), nullable=True),
        sa.Column("attendance_recorded_by", sa.String(64), nullable=True),
        sa.Column("attendance_recorded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["seeker_id"],
            ["job_seeker.id"],
            name=op.f("fk_orientation_enrolment_seeker_id_job_seeker"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["orientation_session.id"],
            name=op.f("fk_orientation_enrolment_session_id_orientation_session"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orientation_enrolment")),
    )
    op.create_index(op.f("ix_orientation_enrolment_session_id"), "orientation_enrolment", ["session_id"])
    op.create_index(op.f("ix_orientation_enrolment_seeker_id"), "orientation_enrolment", ["seeker_id"])
    op.create_index(
        "uq_orientation_enrolment_session_id_seeker_id_enrolled",
        "orientation_enrolment",
        ["session_id", "seeker_id"],
        unique=True,
        sqlite_where=sa.text("status = 'enrolled'"),
        postgresql_where=sa.text("status = 'enrolled'"),
    )
    op.create_table(
        "orientation_certificate",
        sa.Column("code", sa.String(10), nullable=False),
        sa.Column("enrolment_id", sa.Uuid(), nullable=False),
        sa.Column("seeker_id", sa.Uuid(), nullable=False),
        sa.Column("course_id", sa.Uuid(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("issued_by", sa.String(64), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.String(64), nullable=True),
        sa.Column("revocation_reason", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["orientation_course.id"],
            name=op.f("fk_orientation_certificate_course_id_orientation_course"),
        ),
        sa.ForeignKeyConstraint(
            ["enrolment_id"],
            ["orientation_enrolment.id"],
            name=op.f("fk_orientation_certificate_enrolment_id_orientation_enrolment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["seeker_id"],
            ["job_seeker.id"],
            name=op.f("fk_orientation_certificate_seeker_id_job_seeker"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orientation_certificate")),
        sa.UniqueConstraint("code", name=op.f("uq_orientation_certificate_code")),
    )
    op.create_index(
        op.f("ix_orientation_certificate_enrolment_id"), "orientation_certificate", ["enrolment_id"]
    )
    op.create_index(op.f("ix_orientation_certificate_seeker_id"), "orientation_certificate", ["seeker_id"])
    op.create_index(op.f("ix_orientation_certificate_course_id"), "orientation_certificate", ["course_id"])
    with op.batch_alter_table("programme") as batch:
        batch.add_column(sa.Column("orientation_required", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("programme") as batch:
        batch.drop_column("orientation_required")
    op.drop_index(op.f("ix_orientation_certificate_course_id"), table_name="orientation_certificate")
    op.drop_index(op.f("ix_orientation_certificate_seeker_id"), table_name="orientation_certificate")
    op.drop_index(op.f("ix_orientation_certificate_enrolment_id"), table_name="orientation_certificate")
    op.drop_table("orientation_certificate")
    op.drop_index(
        "uq_orientation_enrolment_session_id_seeker_id_enrolled", table_name="orientation_enrolment"
    )
    op.drop_index(op.f("ix_orientation_enrolment_seeker_id"), table_name="orientation_enrolment")
    op.drop_index(op.f("ix_orientation_enrolment_session_id"), table_name="orientation_enrolment")
    op.drop_table("orientation_enrolment")
    op.drop_index(op.f("ix_orientation_session_course_id"), table_name="orientation_session")
    op.drop_table("orientation_session")
    op.drop_index("ix_orientation_course_country_language", table_name="orientation_course")
    op.drop_table("orientation_course")
