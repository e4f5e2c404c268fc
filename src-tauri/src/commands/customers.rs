//! Commands: customers, search, duplicates, interactions and follow-ups, segments.

use super::prelude::*;

commands! {
    /// Validates and creates a customer with its contacts and addresses.
    fn customer_create(state, input: CustomerInput) -> CustomerDto {
        let draft = CustomerDraft::try_from(input)?;
        let c = store(&state)?.customers_mut().create(&draft)?;
        tracing::info!(id = %c.id, "customer created");
        Ok(c.into())
    }

    /// Validates and saves an edited customer.
    fn customer_update(state, id: String, input: CustomerInput) -> CustomerDto {
        let id = parse_id(&id)?;
        let draft = CustomerDraft::try_from(input)?;
        let c = store(&state)?.customers_mut().update(id, &draft)?;
        tracing::info!(%id, "customer updated");
        Ok(c.into())
    }

    /// Deletes a customer (a tombstone that syncs).
    fn customer_delete(state, id: String) -> () {
        let id = parse_id(&id)?;
        store(&state)?.customers_mut().delete(id)?;
        tracing::info!(%id, "customer deleted");
        Ok(())
    }

    /// One live customer with its contacts and addresses.
    fn customer_get(state, id: String) -> CustomerDetailDto {
        let id = parse_id(&id)?;
        Ok(store(&state)?.customers().detail(id)?.into())
    }

    /// One page of customers matching the search and filters.
    fn customer_list(state, query: CustomerListQuery) -> CustomerPage {
        query.fetch(&*store(&state)?)
    }

    /// Search as you type: the best matches for `q` (Chinese, pinyin, initials, phones, emails).
    fn customer_search(state, q: String, limit: u32) -> Vec<SearchHitDto> {
        let hits = store(&state)?.search().customers(&q, limit)?;
        Ok(hits.into_iter().map(Into::into).collect())
    }

    /// The command palette: at most `limit` (1–20) records of each kind matching `q` —
    /// customers, sales and purchase orders and complaints by number, products by SKU and
    /// name, suppliers by code and name.
    fn palette_search(state, q: String, limit: u32) -> PaletteResultsDto {
        Ok(store(&state)?.search().palette(&q, limit)?.into())
    }

    /// Existing customers with the same name, phone or email.
    fn customer_duplicates(state, query: DuplicateQuery) -> Vec<DuplicateHitDto> {
        let exclude = match query.exclude.as_deref() {
            Some(id) if !id.is_empty() => Some(parse_id(id)?),
            _ => None,
        };
        let hits = store(&state)?.customers().find_duplicates(&query.name, &query.phones, &query.emails, exclude)?;
        Ok(hits.into_iter().map(Into::into).collect())
    }

    /// Tags, owners, countries and provinces in use, for filter choices.
    fn customer_filter_options(state) -> FilterOptionsDto {
        Ok(store(&state)?.customers().filter_options()?.into())
    }

    /// A customer's timeline, newest first.
    fn customer_timeline(state, id: String, limit: u32) -> Vec<TimelineEntryDto> {
        let id = parse_id(&id)?;
        let s = store(&state)?;
        let entries = s.interactions().timeline(id, limit.min(500))?;
        let now = s.now();
        Ok(entries.into_iter().map(|e| TimelineEntryDto::new(e, now)).collect())
    }

    /// Records a call, visit, email, message or meeting.
    fn interaction_add(state, input: InteractionInput) -> InteractionDto {
        let draft = InteractionDraft::try_from(input)?;
        let i = store(&state)?.interactions_mut().add(&draft)?;
        tracing::info!(id = %i.id, "interaction added");
        Ok(i.into())
    }

    /// Open follow-ups in a range ("overdue", "today", "this_week", "all_open") relative to
    /// `today`, the user's local date ("YYYY-MM-DD").
    fn follow_ups(state, range: String, today: String) -> Vec<FollowUpDto> {
        let range = choice::required("range", &range, ErrorCode::InvalidChoice)?;
        let today = NaiveDate::parse_from_str(&today, "%Y-%m-%d").map_err(|_| {
            CommandError::new(ErrorCode::InvalidDate, "today must be YYYY-MM-DD")
        })?;
        let list = store(&state)?.interactions().follow_ups(range, today)?;
        Ok(list.into_iter().map(Into::into).collect())
    }

    /// Marks a follow-up done.
    fn follow_up_complete(state, id: String, note: String) -> InteractionDto {
        let id = parse_id(&id)?;
        Ok(store(&state)?.interactions_mut().complete_follow_up(id, &note)?.into())
    }

    /// Saved segments with their member counts.
    fn segment_list(state) -> Vec<SegmentDto> {
        let s = store(&state)?;
        let mut out = Vec::new();
        for seg in s.segments().list()? {
            let count = match &seg.filter {
                Ok(f) => Some(s.customers().count(f)?),
                Err(_) => None,
            };
            out.push(SegmentDto::new(seg, count));
        }
        Ok(out)
    }

    /// Saves a new segment.
    fn segment_create(state, name: String, filter: CustomerFilterDto) -> SegmentDto {
        let filter = CustomerFilter::try_from(filter)?;
        let mut s = store(&state)?;
        let seg = s.segments_mut().create(&name, filter)?;
        let count = seg.filter.as_ref().ok().map(|f| s.customers().count(f)).transpose()?;
        Ok(SegmentDto::new(seg, count))
    }

    /// Renames a segment or replaces its filter.
    fn segment_update(state, id: String, name: String, filter: CustomerFilterDto) -> SegmentDto {
        let id = parse_id(&id)?;
        let filter = CustomerFilter::try_from(filter)?;
        let mut s = store(&state)?;
        let seg = s.segments_mut().update(id, &name, filter)?;
        let count = seg.filter.as_ref().ok().map(|f| s.customers().count(f)).transpose()?;
        Ok(SegmentDto::new(seg, count))
    }

    /// Deletes a segment; its customers stay.
    fn segment_delete(state, id: String) -> () {
        let id = parse_id(&id)?;
        store(&state)?.segments_mut().delete(id)?;
        Ok(())
    }
}
