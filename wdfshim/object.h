/* SPDX-License-Identifier: GPL-2.0 */
/*
 * object.h - the WDF object core: handles, contexts, parents, deletion.
 */
#ifndef _WDFSHIM_OBJECT_H
#define _WDFSHIM_OBJECT_H

#include <linux/kref.h>
#include <linux/list.h>
#include <wdfobject.h>

enum wdfshim_type {
	WDFSHIM_TYPE_ANY = 0,		/* resolver wildcard: any live object */
	WDFSHIM_TYPE_DEVICE,
	WDFSHIM_TYPE_INTERRUPT,
	WDFSHIM_TYPE_SPINLOCK,
	WDFSHIM_TYPE_WAITLOCK,
	WDFSHIM_TYPE_MAX,
};

struct wdfshim_object;
struct wdfshim_lock;

/**
 * struct wdfshim_object_ops - what differs between object types
 * @type: the type handles of this object carry
 * @no_delete_ddi: WdfObjectDelete() refuses these (the framework owns them)
 * @dispose: quiesce the object before its cleanup callback; may sleep
 * @callback_lock: the object's callback synchronization lock
 *                 (WdfObjectAcquireLock()), or NULL for a type without one
 *                 (KMDF's IFxHasCallbacks); any context
 */
struct wdfshim_object_ops {
	enum wdfshim_type type;
	bool no_delete_ddi;
	void (*dispose)(struct wdfshim_object *obj);
	struct wdfshim_lock *(*callback_lock)(struct wdfshim_object *obj);
};

/**
 * struct wdfshim_object - header embedded first in every wdfshim object
 * @handle: the opaque handle drivers see
 * @ops: per-type behaviour
 * @parent: deleted with (after) the parent; NULL for roots
 * @children: objects parented to this one, oldest first
 * @sibling: entry in the parent's @children
 * @cleanup: EvtCleanupCallback
 * @destroy: EvtDestroyCallback
 * @ctx_type: context type info, or NULL
 * @context: the driver's context, zeroed, or NULL
 * @ref: references; the last put runs EvtDestroyCallback and frees
 * @deleted: deletion has begun (under wdfshim_object_tree_lock)
 *
 * @children and @sibling are guarded by wdfshim_object_tree_lock (a mutex:
 * objects are created and deleted at PASSIVE_LEVEL).
 */
struct wdfshim_object {
	unsigned long handle;
	const struct wdfshim_object_ops *ops;
	struct wdfshim_object *parent;
	struct list_head children;
	struct list_head sibling;
	PFN_WDF_OBJECT_CONTEXT_CLEANUP cleanup;
	PFN_WDF_OBJECT_CONTEXT_DESTROY destroy;
	PCWDF_OBJECT_CONTEXT_TYPE_INFO ctx_type;
	void *context;
	struct kref ref;
	bool deleted;
};

void wdfshim_handles_exit(void);

NTSTATUS wdfshim_object_create(size_t size, const struct wdfshim_object_ops *ops,
			       PWDF_OBJECT_ATTRIBUTES attrs,
			       struct wdfshim_object *parent,
			       const char *ddi, struct wdfshim_object **objp);
void wdfshim_object_delete(struct wdfshim_object *obj);
void wdfshim_object_get(struct wdfshim_object *obj);
void wdfshim_object_put(struct wdfshim_object *obj);
NTSTATUS wdfshim_object_attributes_check(PWDF_OBJECT_ATTRIBUTES attrs,
					 bool parent_allowed,
					 const char *ddi);
NTSTATUS wdfshim_reject(const char *ddi, NTSTATUS status, const char *why);

struct wdfshim_object *wdfshim_handle_resolve(const void *handle,
					      enum wdfshim_type type,
					      const char *ddi);

/**
 * wdfshim_resolve_as - resolve a handle to the structure of its type
 * @h: the handle
 * @type: the WDFSHIM_TYPE_* it must be
 * @stype: the type's structure, which embeds struct wdfshim_object as obj
 * @ddi: the calling DDI, for the bug check's report
 *
 * wdfshim_handle_resolve(), then container_of(): the body of every
 * wdfshim_<type>_from_handle().
 *
 * Context: any.
 * Return: the object (without a reference), or NULL after the bug check
 * of an invalid handle.
 */
#define wdfshim_resolve_as(h, type, stype, ddi)				\
({									\
	struct wdfshim_object *__obj = wdfshim_handle_resolve(h, type, ddi); \
									\
	__obj ? container_of(__obj, stype, obj) : NULL;			\
})

static inline WDFOBJECT wdfshim_object_handle(const struct wdfshim_object *obj)
{
	return (WDFOBJECT)obj->handle;
}

const char *wdfshim_type_name(enum wdfshim_type type);

#endif /* _WDFSHIM_OBJECT_H */
