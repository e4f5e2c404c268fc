//! Commands: complaints, surveys, satisfaction figures, the SLA policy.

use super::prelude::*;

commands! {
    /// Opens a complaint (SLA deadlines from the policy) or records other feedback.
    fn complaint_open(state, input: FeedbackInput) -> ComplaintDto {
        let draft = chainbook_core::complaint::FeedbackDraft::try_from(input)?;
        let mut s = store(&state)?;
        let c = s.complaints_mut().open(&draft)?;
        tracing::info!(number = %c.number, "complaint opened");
        Ok(ComplaintDto::new(c, s.now()))
    }

    /// The complaint page with its timeline and SLA.
    fn complaint_get(state, id: String) -> ComplaintDto {
        let id = parse_id(&id)?;
        let s = store(&state)?;
        Ok(ComplaintDto::new(s.complaints().get(id)?, s.now()))
    }

    /// One page of complaints and feedback, newest first.
    fn complaint_list(state, query: ComplaintListQuery) -> ComplaintPage {
        query.fetch(&*store(&state)?)
    }

    /// "acknowledge", "investigate", "resolve", "close" or "reopen", with an optional note.
    fn complaint_action(state, id: String, action: String, note: String) -> ComplaintDto {
        let id = parse_id(&id)?;
        let action: chainbook_core::complaint::ComplaintAction = choice::required("action", &action, ErrorCode::InvalidChoice)?;
        let mut s = store(&state)?;
        let c = s.complaints_mut().action(id, action, &note)?;
        Ok(ComplaintDto::new(c, s.now()))
    }

    /// Adds a "comment", an "assignment" (body = the new assignee) or a customer "contact".
    fn complaint_note(state, id: String, kind: String, body: String) -> ComplaintDto {
        let id = parse_id(&id)?;
        let mut s = store(&state)?;
        let c = s.complaints_mut().note(id, &kind, &body)?;
        Ok(ComplaintDto::new(c, s.now()))
    }

    /// Saves the root cause and the resolution with any compensation.
    fn complaint_resolution(state, id: String, input: ResolutionInput) -> ComplaintDto {
        let id = parse_id(&id)?;
        let draft = chainbook_core::complaint::ResolutionDraft::try_from(input)?;
        let mut s = store(&state)?;
        let c = s.complaints_mut().set_resolution(id, &draft)?;
        Ok(ComplaintDto::new(c, s.now()))
    }

    /// The customer's satisfaction with the resolution (1–5).
    fn complaint_satisfaction(state, id: String, rating: i64) -> ComplaintDto {
        let id = parse_id(&id)?;
        let mut s = store(&state)?;
        let c = s.complaints_mut().set_satisfaction(id, rating)?;
        Ok(ComplaintDto::new(c, s.now()))
    }

    /// Records a survey response (NPS and/or CSAT).
    fn survey_add(state, input: SurveyInput) -> SurveyDto {
        let draft = chainbook_core::survey::SurveyDraft::try_from(input)?;
        Ok(store(&state)?.surveys_mut().add(&draft)?.into())
    }

    /// Records several survey responses at once (the entry grid): all or nothing is checked
    /// first, then each is saved; the first bad row's error names it (`rows.<i>.<field>`).
    fn survey_add_many(state, inputs: Vec<SurveyInput>) -> Vec<SurveyDto> {
        let mut drafts = Vec::new();
        for (i, input) in inputs.into_iter().enumerate() {
            drafts.push(
                chainbook_core::survey::SurveyDraft::try_from(input)
                    .map_err(|e| e.within("rows", i))?,
            );
        }
        let saved = store(&state)?.surveys_mut().add_many(&drafts)?;
        Ok(saved.into_iter().map(Into::into).collect())
    }

    /// One page of survey answers of a period, newest first.
    fn survey_list(state, query: SurveyListQuery) -> SurveyPage {
        let query = chainbook_store::surveys::SurveyQuery::try_from(query)?;
        Ok(store(&state)?.surveys().list(&query)?.into())
    }

    /// NPS and CSAT over the `days` up to `today` (YYYY-MM-DD), for one customer or everyone.
    fn satisfaction(state, customer: Option<String>, today: String, days: u32) -> SatisfactionDto {
        let today = date_arg("today", &today)?;
        let customer = match customer.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(c) => Some(parse_id(c)?),
        };
        let from = today - chrono::Duration::days(i64::from(days.clamp(1, 3660)) - 1);
        Ok(store(&state)?.surveys().satisfaction(customer, from, today)?.into())
    }

    /// The SLA hours per severity.
    fn sla_policy_get(state) -> SlaPolicyDto {
        Ok(store(&state)?.settings().sla_policy()?.into())
    }

    /// Saves the SLA hours per severity (complaints opened from now on use them).
    fn sla_policy_set(state, policy: SlaPolicyDto) -> SlaPolicyDto {
        let p = chainbook_core::complaint::SlaPolicy::from(policy);
        let mut s = store(&state)?;
        s.settings_mut().set_sla_policy(&p)?;
        Ok(s.settings().sla_policy()?.into())
    }
}
