from celery import shared_task

from tables import services


@shared_task
def agenda_pack_build(pack_id: int) -> bool:
    """Build a requested agenda pack (single-flight: a second delivery finds it taken or done)."""
    return services.pack_build(pack_id=pack_id)


@shared_task
def agenda_packs_pick_up() -> int:
    """Beat, every two minutes: build the packs asked for while the broker or the worker was away."""
    return services.packs_pick_up()


@shared_task
def table_access_expire() -> int:
    """Nightly: remove table members' read rows once their meetings are over (reads refuse them already)."""
    return services.table_access_expire()
