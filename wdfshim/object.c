// SPDX-License-Identifier: GPL-2.0
/*
 * object.c - WDF objects: opaque handles, typed contexts, parent/child
 * lifetime and WdfObjectDelete.
 *
 * Handles are never pointers. A handle packs a magic, the object type, a
 * generation and a slot index:
 *
 *   63      48 47  44 43               16 15        0
 *  +----------+------+--------------------+----------+
 *  |  0x5744  | type |     generation     |   slot   |
 *  +----------+------+--------------------+----------+
 *
 * The slot table holds, per slot, the handle currently issued for it and
 * the object. A handle is valid iff its slot holds exactly that value, so
 * NULL, garbage, stale (deleted, slot possibly reused) and wrong-type
 * handles are told apart by reading only the table, never the object.
 * The magic makes a handle a non-canonical address on x86-64: code that
 * dereferences one faults at once instead of reading memory.
 *
 * Lookup is lockless (handle, then object, then handle again; the writer
 * publishes object before handle and retracts handle before object), so it
 * is safe from hard-IRQ context. Slot allocation takes wdfshim_handles_lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "bugcheck.h"
#include "compat.h"
#include "object.h"

#define WDFSHIM_HANDLE_MAGIC		0x5744UL	/* "WD" */
#define WDFSHIM_HANDLE_MAGIC_SHIFT	48
#define WDFSHIM_HANDLE_TYPE_SHIFT	44
#define WDFSHIM_HANDLE_TYPE_MASK	0xfUL
#define WDFSHIM_HANDLE_GEN_SHIFT	16
#define WDFSHIM_HANDLE_GEN_MASK		0xfffffffUL
#define WDFSHIM_HANDLE_SLOT_MASK	0xffffUL
#define WDFSHIM_MAX_HANDLES		4096

/* The handle layout: 64-bit handles, a type and a slot that fit their fields. */
static_assert(sizeof(unsigned long) >= 8);
static_assert(WDFSHIM_TYPE_MAX <= WDFSHIM_HANDLE_TYPE_MASK);
static_assert(WDFSHIM_MAX_HANDLES - 1 <= WDFSHIM_HANDLE_SLOT_MASK);

struct wdfshim_slot {
	unsigned long handle;		/* 0 when free */
	struct wdfshim_object *obj;
};

/* Sits just before every context, for WdfObjectContextGetObject(). */
struct wdfshim_context_header {
	struct wdfshim_object *obj;
} __aligned(16);

static struct wdfshim_slot wdfshim_slots[WDFSHIM_MAX_HANDLES];
static DECLARE_BITMAP(wdfshim_slot_used, WDFSHIM_MAX_HANDLES);
static unsigned long wdfshim_generation;	/* under wdfshim_handles_lock */
static DEFINE_SPINLOCK(wdfshim_handles_lock);
static DEFINE_MUTEX(wdfshim_object_tree_lock);

static const char * const wdfshim_type_names[WDFSHIM_TYPE_MAX] = {
	[WDFSHIM_TYPE_ANY]	 = "WDFOBJECT",
	[WDFSHIM_TYPE_DEVICE]	 = "WDFDEVICE",
	[WDFSHIM_TYPE_INTERRUPT] = "WDFINTERRUPT",
	[WDFSHIM_TYPE_SPINLOCK]	 = "WDFSPINLOCK",
	[WDFSHIM_TYPE_WAITLOCK]	 = "WDFWAITLOCK",
};

const char *wdfshim_type_name(enum wdfshim_type type)
{
	return type < WDFSHIM_TYPE_MAX ? wdfshim_type_names[type] : "?";
}

static unsigned long wdfshim_handle_slot(unsigned long handle)
{
	return handle & WDFSHIM_HANDLE_SLOT_MASK;
}

static enum wdfshim_type wdfshim_handle_type(unsigned long handle)
{
	return (handle >> WDFSHIM_HANDLE_TYPE_SHIFT) & WDFSHIM_HANDLE_TYPE_MASK;
}

static bool wdfshim_handle_well_formed(unsigned long handle)
{
	return (handle >> WDFSHIM_HANDLE_MAGIC_SHIFT) == WDFSHIM_HANDLE_MAGIC &&
	       wdfshim_handle_slot(handle) < WDFSHIM_MAX_HANDLES;
}

/* Issue a handle for @obj; false when the table is full. */
static bool wdfshim_handle_publish(struct wdfshim_object *obj)
{
	unsigned long flags, slot, handle;
	struct wdfshim_slot *s;

	spin_lock_irqsave(&wdfshim_handles_lock, flags);
	slot = find_first_zero_bit(wdfshim_slot_used, WDFSHIM_MAX_HANDLES);
	if (slot >= WDFSHIM_MAX_HANDLES) {
		spin_unlock_irqrestore(&wdfshim_handles_lock, flags);
		return false;
	}
	__set_bit(slot, wdfshim_slot_used);
	/* Generation 0 is never issued, so no handle is ever 0x5744...0000. */
	wdfshim_generation = (wdfshim_generation + 1) & WDFSHIM_HANDLE_GEN_MASK;
	if (!wdfshim_generation)
		wdfshim_generation = 1;
	handle = WDFSHIM_HANDLE_MAGIC << WDFSHIM_HANDLE_MAGIC_SHIFT |
		 (unsigned long)obj->ops->type << WDFSHIM_HANDLE_TYPE_SHIFT |
		 wdfshim_generation << WDFSHIM_HANDLE_GEN_SHIFT | slot;
	obj->handle = handle;
	s = &wdfshim_slots[slot];
	WRITE_ONCE(s->obj, obj);
	smp_wmb();	/* object before handle: pairs with wdfshim_handle_resolve() */
	WRITE_ONCE(s->handle, handle);
	spin_unlock_irqrestore(&wdfshim_handles_lock, flags);
	return true;
}

static void wdfshim_handle_retract(struct wdfshim_object *obj)
{
	unsigned long flags, slot = wdfshim_handle_slot(obj->handle);
	struct wdfshim_slot *s = &wdfshim_slots[slot];

	spin_lock_irqsave(&wdfshim_handles_lock, flags);
	WRITE_ONCE(s->handle, 0);
	smp_wmb();	/* handle before object */
	WRITE_ONCE(s->obj, NULL);
	__clear_bit(slot, wdfshim_slot_used);
	spin_unlock_irqrestore(&wdfshim_handles_lock, flags);
}

/**
 * wdfshim_handle_resolve - validate a handle at DDI entry
 * @handle: what the driver passed
 * @type: the type the DDI expects, or WDFSHIM_TYPE_ANY
 * @ddi: the DDI's name, for the report
 *
 * Every DDI calls this first. An invalid handle is a bug check
 * (WDF_VIOLATION, WDF_INVALID_HANDLE, handle, expected type).
 *
 * Context: any; lockless, allocates nothing.
 * Return: the object, or NULL after a bug check that a test hook absorbed.
 */
struct wdfshim_object *wdfshim_handle_resolve(const void *handle,
					      enum wdfshim_type type,
					      const char *ddi)
{
	unsigned long h = (unsigned long)handle;
	struct wdfshim_object *obj;
	struct wdfshim_slot *s;
	const char *why;
	char reason[80];

	if (!h) {
		why = "NULL handle";
		goto invalid;
	}
	if (!wdfshim_handle_well_formed(h)) {
		why = "not a WDF handle";
		goto invalid;
	}
	s = &wdfshim_slots[wdfshim_handle_slot(h)];
	if (READ_ONCE(s->handle) != h)
		goto stale;
	smp_rmb();	/* handle, then object: pairs with publish's smp_wmb() */
	obj = READ_ONCE(s->obj);
	smp_rmb();	/* object, then handle again: pairs with retract's smp_wmb() */
	if (READ_ONCE(s->handle) != h || !obj)
		goto stale;
	if (type != WDFSHIM_TYPE_ANY && wdfshim_handle_type(h) != type) {
		why = "wrong object type";
		goto invalid;
	}
	return obj;

stale:
	why = "stale handle (object deleted)";
invalid:
	snprintf(reason, sizeof(reason), "%s, expected %s", why,
		 wdfshim_type_name(type));
	wdfshim_bugcheck(WDF_INVALID_HANDLE, h, type, ddi, reason);
	return NULL;
}

static bool wdfshim_context_type_match(PCWDF_OBJECT_CONTEXT_TYPE_INFO a,
				       PCWDF_OBJECT_CONTEXT_TYPE_INFO b)
{
	if (a == b)
		return true;
	return a && b && a->ContextSize == b->ContextSize &&
	       a->ContextName && b->ContextName &&
	       !strcmp(a->ContextName, b->ContextName);
}

/**
 * wdfshim_object_attributes_check - validate WDF_OBJECT_ATTRIBUTES
 * @attrs: the driver's attributes, or NULL
 * @parent_allowed: whether the creating DDI lets the driver name a parent
 * @ddi: the creating DDI, for messages
 *
 * KMDF's FxValidateObjectAttributes(), in its order: the Size, the
 * context size override ("Framework Object Creation Errors": an override
 * without a context type, or smaller than the type's size, is
 * STATUS_WDF_OBJECT_ATTRIBUTES_INVALID), a parent where the DDI allows
 * none, then the ranges of ExecutionLevel and SynchronizationScope.
 *
 * Context: any.
 * Return: STATUS_SUCCESS, STATUS_INFO_LENGTH_MISMATCH for a Size wdfshim
 * does not know, STATUS_WDF_OBJECT_ATTRIBUTES_INVALID for a bad context
 * size override or an out-of-range ExecutionLevel or SynchronizationScope,
 * STATUS_WDF_PARENT_ASSIGNMENT_NOT_ALLOWED for a ParentObject where
 * @parent_allowed is false.
 */
NTSTATUS wdfshim_object_attributes_check(PWDF_OBJECT_ATTRIBUTES attrs,
					 bool parent_allowed, const char *ddi)
{
	if (!attrs)
		return STATUS_SUCCESS;
	if (attrs->Size != sizeof(*attrs)) {
		pr_err("%s: WDF_OBJECT_ATTRIBUTES Size %u, expected %zu\n",
		       ddi, attrs->Size, sizeof(*attrs));
		return STATUS_INFO_LENGTH_MISMATCH;
	}
	if (attrs->ContextSizeOverride && !attrs->ContextTypeInfo)
		return wdfshim_reject(ddi, STATUS_WDF_OBJECT_ATTRIBUTES_INVALID,
				      "ContextSizeOverride without ContextTypeInfo");
	if (attrs->ContextSizeOverride &&
	    attrs->ContextSizeOverride < attrs->ContextTypeInfo->ContextSize)
		return wdfshim_reject(ddi, STATUS_WDF_OBJECT_ATTRIBUTES_INVALID,
				      "ContextSizeOverride smaller than the context type");
	if (attrs->ParentObject && !parent_allowed)
		return wdfshim_reject(ddi, STATUS_WDF_PARENT_ASSIGNMENT_NOT_ALLOWED,
				      "a ParentObject is not allowed here");
	if ((u32)attrs->ExecutionLevel - WdfExecutionLevelInheritFromParent >
	    WdfExecutionLevelDispatch - WdfExecutionLevelInheritFromParent)
		return wdfshim_reject(ddi, STATUS_WDF_OBJECT_ATTRIBUTES_INVALID,
				      "ExecutionLevel out of range");
	if ((u32)attrs->SynchronizationScope - WdfSynchronizationScopeInheritFromParent >
	    WdfSynchronizationScopeNone - WdfSynchronizationScopeInheritFromParent)
		return wdfshim_reject(ddi, STATUS_WDF_OBJECT_ATTRIBUTES_INVALID,
				      "SynchronizationScope out of range");
	return STATUS_SUCCESS;
}

/**
 * wdfshim_reject - report why a DDI rejects its arguments
 * @ddi: the rejecting DDI
 * @status: what it returns
 * @why: the reason, one line
 *
 * Context: any.
 * Return: @status, so that a check reads "return wdfshim_reject(...)".
 */
NTSTATUS wdfshim_reject(const char *ddi, NTSTATUS status, const char *why)
{
	pr_err("%s: %s (status 0x%08x)\n", ddi, why, status);
	return status;
}

/**
 * wdfshim_object_create - allocate an object with its context and handle
 * @size: size of the type's structure, which embeds wdfshim_object first
 * @ops: the type
 * @attrs: the driver's WDF_OBJECT_ATTRIBUTES, or NULL
 * @parent: parent already resolved and checked by the caller, or NULL
 * @ddi: the creating DDI, for messages
 * @objp: the new object
 *
 * The object is zeroed and its handle is live on return.
 *
 * Context: PASSIVE_LEVEL (may sleep).
 * Return: STATUS_SUCCESS, what wdfshim_object_attributes_check() refuses
 * (STATUS_INFO_LENGTH_MISMATCH, STATUS_WDF_OBJECT_ATTRIBUTES_INVALID),
 * STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS wdfshim_object_create(size_t size, const struct wdfshim_object_ops *ops,
			       PWDF_OBJECT_ATTRIBUTES attrs,
			       struct wdfshim_object *parent,
			       const char *ddi, struct wdfshim_object **objp)
{
	size_t ctx_size = 0, ctx_offset = ALIGN(size, 16);
	struct wdfshim_context_header *hdr;
	struct wdfshim_object *obj;
	NTSTATUS status;

	might_sleep();
	status = wdfshim_object_attributes_check(attrs, true, ddi);
	if (!NT_SUCCESS(status))
		return status;
	if (attrs && attrs->ContextTypeInfo)
		ctx_size = max(attrs->ContextTypeInfo->ContextSize,
			       attrs->ContextSizeOverride);

	obj = kzalloc(ctx_offset + (ctx_size ? sizeof(*hdr) + ctx_size : 0),
		      GFP_KERNEL);
	if (!obj)
		return STATUS_INSUFFICIENT_RESOURCES;
	obj->ops = ops;
	kref_init(&obj->ref);
	INIT_LIST_HEAD(&obj->children);
	INIT_LIST_HEAD(&obj->sibling);
	if (attrs) {
		obj->cleanup = attrs->EvtCleanupCallback;
		obj->destroy = attrs->EvtDestroyCallback;
		obj->ctx_type = attrs->ContextTypeInfo;
	}
	if (ctx_size) {
		hdr = (void *)obj + ctx_offset;
		hdr->obj = obj;
		obj->context = hdr + 1;
	}
	if (!wdfshim_handle_publish(obj)) {
		pr_err("%s: all %d handles in use\n", ddi,
		       WDFSHIM_MAX_HANDLES);
		kfree(obj);
		return STATUS_INSUFFICIENT_RESOURCES;
	}
	if (parent) {
		mutex_lock(&wdfshim_object_tree_lock);
		obj->parent = parent;
		list_add_tail(&obj->sibling, &parent->children);
		mutex_unlock(&wdfshim_object_tree_lock);
	}
	*objp = obj;
	return STATUS_SUCCESS;
}

static struct wdfshim_object *wdfshim_object_pop_child(struct wdfshim_object *obj)
{
	struct wdfshim_object *child = NULL;

	mutex_lock(&wdfshim_object_tree_lock);
	if (!list_empty(&obj->children)) {
		child = list_last_entry(&obj->children, struct wdfshim_object,
					sibling);
		list_del_init(&child->sibling);
		child->parent = NULL;
	}
	mutex_unlock(&wdfshim_object_tree_lock);
	return child;
}

/* Last reference gone: EvtDestroyCallback, then the handle goes stale. */
static void wdfshim_object_release(struct kref *ref)
{
	struct wdfshim_object *obj = container_of(ref, struct wdfshim_object, ref);

	if (obj->destroy)
		obj->destroy(wdfshim_object_handle(obj));
	wdfshim_handle_retract(obj);
	kfree(obj);
}

/**
 * wdfshim_object_get - keep an object's memory and handle alive
 * @obj: the object
 *
 * An interrupt holds its configured WDFSPINLOCK/WDFWAITLOCK this way, so
 * deleting the lock object first cannot free a lock the ISR still takes.
 *
 * Context: any.
 */
void wdfshim_object_get(struct wdfshim_object *obj)
{
	kref_get(&obj->ref);
}

/**
 * wdfshim_object_put - drop a reference taken by wdfshim_object_get()
 * @obj: the object
 *
 * Context: PASSIVE_LEVEL (the last put runs EvtDestroyCallback).
 */
void wdfshim_object_put(struct wdfshim_object *obj)
{
	kref_put(&obj->ref, wdfshim_object_release);
}

static bool wdfshim_object_mark_deleted(struct wdfshim_object *obj)
{
	bool first;

	mutex_lock(&wdfshim_object_tree_lock);
	first = !obj->deleted;
	obj->deleted = true;
	mutex_unlock(&wdfshim_object_tree_lock);
	return first;
}

/**
 * wdfshim_object_delete - delete an object and, first, its children
 * @obj: the object
 *
 * Order: the type's dispose (quiesce), children newest first, then
 * EvtCleanupCallback. EvtDestroyCallback runs, and the handle goes stale,
 * when the last reference is dropped: at once, unless an interrupt still
 * uses the object as its lock. Deleting an object twice does nothing.
 *
 * Context: PASSIVE_LEVEL (may sleep).
 */
void wdfshim_object_delete(struct wdfshim_object *obj)
{
	struct wdfshim_object *child;

	might_sleep();
	if (!wdfshim_object_mark_deleted(obj))
		return;
	if (obj->ops->dispose)
		obj->ops->dispose(obj);
	while ((child = wdfshim_object_pop_child(obj)))
		wdfshim_object_delete(child);
	if (obj->cleanup)
		obj->cleanup(wdfshim_object_handle(obj));

	mutex_lock(&wdfshim_object_tree_lock);
	if (obj->parent)
		list_del_init(&obj->sibling);
	obj->parent = NULL;
	mutex_unlock(&wdfshim_object_tree_lock);
	wdfshim_object_put(obj);
}

void wdfshim_handles_exit(void)
{
	unsigned long slot;

	/* A driver that forgot to delete its devices: say so, don't free. */
	for_each_set_bit(slot, wdfshim_slot_used, WDFSHIM_MAX_HANDLES)
		pr_err("%s 0x%lx leaked at unload\n",
		       wdfshim_type_name(wdfshim_handle_type(wdfshim_slots[slot].handle)),
		       wdfshim_slots[slot].handle);
}

/**
 * WdfObjectGetTypedContextWorker - the context of type @TypeInfo
 * @Handle: any WDF object
 * @TypeInfo: the context type, from WDF_GET_CONTEXT_TYPE_INFO()
 *
 * Drivers call it through the accessor that WDF_DECLARE_CONTEXT_TYPE*
 * defines. Bug check on an invalid handle.
 *
 * Context: any.
 * Return: the context, or NULL when the object has no context of that type.
 */
PVOID WdfObjectGetTypedContextWorker(WDFOBJECT Handle,
				     PCWDF_OBJECT_CONTEXT_TYPE_INFO TypeInfo)
{
	struct wdfshim_object *obj;

	obj = wdfshim_handle_resolve(Handle, WDFSHIM_TYPE_ANY, __func__);
	if (!obj || !wdfshim_context_type_match(obj->ctx_type, TypeInfo))
		return NULL;
	return obj->context;
}
EXPORT_SYMBOL_NS_GPL(WdfObjectGetTypedContextWorker, WDFSHIM_NS);

/**
 * WdfObjectContextGetObject - the object that owns a context
 * @ContextPointer: a context returned by a context accessor
 *
 * Context: any.
 * Return: the object's handle.
 */
WDFOBJECT WdfObjectContextGetObject(PVOID ContextPointer)
{
	struct wdfshim_context_header *hdr = ContextPointer;

	return wdfshim_object_handle(hdr[-1].obj);
}
EXPORT_SYMBOL_NS_GPL(WdfObjectContextGetObject, WDFSHIM_NS);

/**
 * WdfObjectDelete - delete an object and its children
 * @Object: the object
 *
 * As in KMDF, objects the framework owns (devices, interrupts) cannot be
 * deleted this way: the call is refused with STATUS_CANNOT_DELETE in the
 * log and the object stays as it was.
 *
 * Context: PASSIVE_LEVEL (may sleep: children are quiesced first).
 */
VOID WdfObjectDelete(WDFOBJECT Object)
{
	struct wdfshim_object *obj;

	obj = wdfshim_handle_resolve(Object, WDFSHIM_TYPE_ANY, __func__);
	if (!obj)
		return;
	if (obj->ops->no_delete_ddi) {
		pr_err("%s: %s 0x%lx cannot be deleted by the driver (STATUS_CANNOT_DELETE)\n",
		       __func__, wdfshim_type_name(obj->ops->type), obj->handle);
		return;
	}
	wdfshim_object_delete(obj);
}
EXPORT_SYMBOL_NS_GPL(WdfObjectDelete, WDFSHIM_NS);
